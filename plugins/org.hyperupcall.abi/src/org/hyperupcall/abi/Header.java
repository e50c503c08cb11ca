package org.hyperupcall.abi;

/**
 * Generates {@code hyperupcall.h}, the header HUC programs (and C programs built with clang) include:
 * types, return codes, constants, event contexts, guest structures and helper declarations, all
 * from this bundle's definitions.
 */
public final class Header {
    /** Version of the ABI the header describes. */
    public static final int ABI_VERSION = 0;

    private Header() {
    }

    public static String text() {
        StringBuilder h = new StringBuilder();
        h.append("/* hyperupcall.h: the hyperupcall ABI, version ").append(ABI_VERSION).append(".\n");
        h.append(" * Generated from org.hyperupcall.abi; do not edit (docs/abi.md explains it). */\n");
        h.append("#ifndef HYPERUPCALL_H\n#define HYPERUPCALL_H\n\n");
        h.append("typedef unsigned char u8;\ntypedef unsigned short u16;\ntypedef unsigned int u32;\ntypedef unsigned long long u64;\n");
        h.append("typedef signed char s8;\ntypedef signed short s16;\ntypedef signed int s32;\ntypedef signed long long s64;\n");
        h.append("#ifndef __HUC__\ntypedef _Bool bool;\n#define true 1\n#define false 0\n#endif\n\n");
        h.append("/* The section of an entry point: SEC(\"hyperupcall/vm_exit\"). */\n");
        h.append("#define SEC(name) __attribute__((section(name), used))\n\n");
        h.append("/* Return codes (r0 at exit); any other value is a verifier error. */\n");
        java.util.Set<String> done = new java.util.HashSet<>();
        for (Event e : Event.values()) {
            for (Event.ReturnCode c : e.returnCodes().values()) {
                if (done.add(c.name())) {
                    define(h, c.name(), c.value(), c.doc() + " (" + e.id() + ")");
                }
            }
        }
        h.append("\n/* Constants. */\n");
        for (Constants.Constant c : Constants.ALL) {
            define(h, c.name(), c.value(), c.doc());
        }
        h.append("\n/* Event contexts: r1 points to one when the hyperupcall runs (read-only). */\n");
        for (Event e : Event.values()) {
            struct(h, e.context(), e.id() + ": " + e.doc() + (e.isGlobal() ? " Global." : " Local."));
        }
        h.append("/* Guest kernel structures. */\n");
        for (Struct s : GuestStructs.all()) {
            struct(h, s, s.doc());
        }
        h.append("/* Helpers (call imm = id). */\n");
        for (HelperSpec hs : Helpers.all()) {
            h.append("/* ").append(hs.doc()).append(hs.localOnly() ? " Local hyperupcalls only." : "").append(" */\n");
            String params = hs.prototype().substring(hs.prototype().indexOf('('));
            h.append("#ifdef __HUC__\n").append(hs.prototype()).append(" __helper(").append(hs.id()).append(");\n#else\n");
            h.append("static ").append(hs.returnType()).append(" (*").append(hs.name()).append(')').append(params)
                    .append(" = (void *) ").append(hs.id()).append(";\n#endif\n");
        }
        h.append("\n#endif /* HYPERUPCALL_H */\n");
        return h.toString();
    }

    private static void define(StringBuilder h, String name, long value, String doc) {
        h.append(String.format("#define %-28s %d /* %s */%n", name, value, doc));
    }

    private static void struct(StringBuilder h, Struct s, String doc) {
        h.append("/* ").append(doc).append(" */\nstruct ").append(s.name()).append(" {\n");
        for (Field f : s.fields()) {
            h.append(String.format("    %-4s %s; /* +%d: %s */%n", f.cType(), f.name(), f.offset(), f.doc()));
        }
        h.append("};\n\n");
    }
}
