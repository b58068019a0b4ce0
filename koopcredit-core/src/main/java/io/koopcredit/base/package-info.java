/**
 * The base every other package may use, and which uses none of them: {@link io.koopcredit.base.InputException}
 * marks the user's mistakes (one line, exit code 2 on the command line) and
 * {@link io.koopcredit.base.InvalidOptionException} those in an option, naming it;
 * {@link io.koopcredit.base.InputFiles} checks the files a user names before anything reads them;
 * {@link io.koopcredit.base.MemoryExhausted} says what was running when the heap ran out;
 * {@link io.koopcredit.base.Seeds} is the only source of randomness (reproducible on every JVM).
 */
package io.koopcredit.base;
