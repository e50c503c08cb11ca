package org.hyperupcall.ebpf.vm;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The helpers a program may call, by id. Immutable; build with {@link #builder()}. */
public final class HelperTable {
    /** One entry: its id, its name (for listings and messages) and its implementation. */
    public record Entry(int id, String name, Helper helper) {
    }

    private static final HelperTable EMPTY = new HelperTable(new TreeMap<>());
    private final Map<Integer, Entry> entries;
    private final Entry[] byId;

    private HelperTable(TreeMap<Integer, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        int max = entries.isEmpty() ? -1 : entries.lastKey();
        this.byId = new Entry[max < 0 ? 0 : Math.min(max + 1, 4096)];
        for (Entry e : entries.values()) {
            if (e.id >= 0 && e.id < byId.length) {
                byId[e.id] = e;
            }
        }
    }

    public static HelperTable empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The helper with this id, or null. */
    public Entry get(long id) {
        if (id >= 0 && id < byId.length) {
            return byId[(int) id];
        }
        return id >= Integer.MIN_VALUE && id <= Integer.MAX_VALUE ? entries.get((int) id) : null;
    }

    public Map<Integer, Entry> entries() {
        return entries;
    }

    /** Calls helper {@code id}, or faults with BAD_CALL when there is none. */
    public long invoke(long id, long r1, long r2, long r3, long r4, long r5, MemoryMap memory) {
        Entry e = get(id);
        if (e == null) {
            throw new VmFault(FaultKind.BAD_CALL, "call of unknown helper " + id);
        }
        try {
            return e.helper.call(r1, r2, r3, r4, r5, memory);
        } catch (VmFault f) {
            throw f;
        } catch (RuntimeException ex) {
            // A broken helper must not take the host down: it becomes the program's fault.
            throw new VmFault(FaultKind.HELPER_ERROR, "helper " + e.name + " (" + e.id + ") failed: " + ex);
        }
    }

    /** Collects entries. */
    public static final class Builder {
        private final TreeMap<Integer, Entry> entries = new TreeMap<>();

        public Builder add(int id, String name, Helper helper) {
            entries.put(id, new Entry(id, name, helper));
            return this;
        }

        public Builder addAll(HelperTable other) {
            entries.putAll(other.entries);
            return this;
        }

        public HelperTable build() {
            return new HelperTable(new TreeMap<>(entries));
        }
    }
}
