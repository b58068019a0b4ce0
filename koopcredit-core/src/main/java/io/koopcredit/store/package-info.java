/**
 * Where large values live and how much memory a run may use: {@link io.koopcredit.store.MemoryBudget}
 * (the {@code memory} option; reservations that tasks take before they start, so that a run stays within
 * its budget or says in one line why it cannot), {@link io.koopcredit.store.MemorySize} (sizes as people
 * write them), {@link io.koopcredit.store.ColumnStore} (a matrix kept column after column, in RAM or in a
 * file of a {@link io.koopcredit.store.Spill} folder, read back as the same doubles either way) and
 * {@link io.koopcredit.store.Stores}, which places a run's stores. Uses only {@code io.koopcredit.base}.
 */
package io.koopcredit.store;
