package io.koopcredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

    @ParameterizedTest
    @CsvSource({"4g, 4294967296", "4G, 4294967296", "512m, 536870912", "1.5g, 1610612736", "2gb, 2147483648",
        "8GiB, 8589934592", "64k, 65536", "1t, 1099511627776", "' 3 g ', 3221225472"})
    void parsesSizesWithBinaryUnits(String text, long bytes) {
        assertEquals(bytes, MemorySize.parse("memory", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x", "-1g", "0", "0g", "", "4096", "1.5.2g", "g", "4 gigabytes", "0.0000001k"})
    void refusesWhatIsNotASizeNamingTheOptionAndTheValue(String text) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> MemorySize.parse("memory", text));
        assertEquals("memory", e.option());
        assertTrue(e.getMessage().startsWith("memory '" + text + "': expected a size such as 4g"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"-1g, a negative size", "4096, a number without a unit", "0g, a size of zero"})
    void saysWhatWasFound(String text, String found) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> MemorySize.parse("memory", text));
        assertTrue(e.getMessage().endsWith("found " + found), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"100, 100 bytes", "1024, 1.0 KiB", "1610612736, 1.5 GiB", "4294967296, 4.0 GiB"})
    void formatsInTheLargestUnit(long bytes, String text) {
        assertEquals(text, MemorySize.format(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100m", "255m"})
    void aLimitBelowTheMinimumIsRefused(String text) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> MemoryLimit.parse(text));
        assertTrue(e.getMessage().contains("expected at least 256.0 MiB"), e.getMessage());
    }
}
