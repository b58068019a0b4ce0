package io.koopcredit.report;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps two runs from writing into one output folder at once. The lock is the operating system's lock on
 * the file {@value #FILE_NAME} in the folder, which holds the owner's process id, start time and command
 * for the message the other run prints. The operating system releases the lock when its process dies, even
 * by {@code kill -9}, so a lock file left behind by a dead run is taken over, never obeyed.
 *
 * <p>Inside one JVM, a second lock on the same folder is refused as well (the first owner is this very
 * process).
 */
final class OutputLock implements AutoCloseable {
    /** The lock file's name inside the output folder. */
    static final String FILE_NAME = ".koopcredit.lock";

    /** Attempts to lock before giving up, when the lock file is replaced between opening and locking it. */
    private static final int ATTEMPTS = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** What {@link #fileKey} returns for a missing file. */
    private static final Object NO_FILE = new Object();

    /** The folders locked by this process, and by which command. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private OutputLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param folder an existing output folder; the lock file is created in it
     * @param command what this run is, for the other run's message (e.g. {@code koopcredit credit})
     * @return the lock, held until {@link #close()}
     * @throws InputException if another run holds the lock (naming it) or the lock file cannot be written
     */
    static OutputLock acquire(Path folder, String command) {
        Path file = folder.resolve(FILE_NAME);
        Path key = key(folder);
        // Checked before the file is opened: closing any channel on the file would drop this process's lock.
        String holder = HELD.putIfAbsent(key, command);
        if (holder != null) {
            throw new InputException("--out " + folder + ": another koopcredit run (pid "
                    + ProcessHandle.current().pid() + ", " + holder + ", in this process) is writing to this folder;"
                    + " wait for it to finish or choose another --out");
        }
        try {
            return lock(folder, file, key, command);
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static OutputLock lock(Path folder, Path file, Path key, String command) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel channel = null;
            try {
                Object before = fileKey(file);
                if (before == NO_FILE) {
                    Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
                    continue;
                }
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String owner = readOwner(channel);
                    channel.close();
                    throw new InputException("--out " + folder + ": another koopcredit run (" + owner + ") is writing"
                            + " to this folder; wait for it to finish or choose another --out");
                }
                // The owner before us deletes the file before it releases the lock, so we may hold the lock of a
                // file that is no longer at the path: the path must name the same file before and after. (The
                // check must not open the file: closing any descriptor of it would drop this process's lock.)
                if (before == null || before.equals(fileKey(file))) {
                    writeOwner(channel, command);
                    return new OutputLock(file, key, channel, lock);
                }
                lock.release();
                channel.close();
            } catch (java.nio.file.NoSuchFileException e) {
                closeQuietly(channel);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new InputException("--out " + folder + ": cannot create the lock file " + FILE_NAME + ": "
                        + InputFiles.reason(e), e);
            }
        }
        throw new InputException("--out " + folder + ": cannot lock the folder (its lock file " + FILE_NAME
                + " keeps being replaced); is another koopcredit run starting there?");
    }

    /** @return the file's identity (device and inode on Linux; null where unknown), or NO_FILE */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.nio.file.NoSuchFileException e) {
            return NO_FILE;
        }
    }

    /** Deletes the lock file, then releases the lock (in that order: see {@link #acquire}). Idempotent. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The lock is released below either way; a stale file is taken over by the next run.
        }
        closeQuietly(channel);
        HELD.remove(key);
    }

    /** @return one name per folder, whichever way it is written */
    private static Path key(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    private static String readOwner(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            channel.read(b, 0);
            String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "process unknown" : text.lines().findFirst().orElse(text);
        } catch (IOException e) {
            return "process unknown";
        }
    }

    /** Writes who holds the lock: pid, command and start time, for the message of a run that finds it held. */
    private static void writeOwner(FileChannel channel, String command) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        String started = me.info().startInstant().map(TIME::format).orElse(TIME.format(Instant.now()));
        String text = "pid " + me.pid() + ", " + command + ", started " + started + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing releases the lock; nothing else to do.
        }
    }
}
