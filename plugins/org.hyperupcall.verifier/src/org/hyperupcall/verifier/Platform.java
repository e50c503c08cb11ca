package org.hyperupcall.verifier;

import java.util.List;
import java.util.Optional;

/**
 * What the verifier needs to know about the world a program runs in, and nothing more: the
 * context it is given, the helpers it may call, the values it may return and its instruction
 * limit. The ABI bundle implements it (one per event); the verifier never names ABI types, so it
 * verifies programs for any platform (the way PREVAIL's platform interface separates Linux from
 * other hosts).
 */
public interface Platform {
    /** The program type's name in messages (the event, {@code vm_exit}). */
    String name();

    /** Most instructions a program may have. */
    int instructionLimit();

    /** The read-only context r1 points to at entry. */
    Context contextLayout();

    /** The helper {@code call id} invokes, if this platform allows it. */
    Optional<Helper> helperPrototype(long id);

    /** Why {@code call id} is refused, in words a person can act on; empty when it is allowed. */
    Optional<String> refusal(long id);

    /** Whether r0 may hold {@code value} at exit. */
    boolean returns(long value);

    /** The values r0 may hold at exit, in words ({@code vm_exit returns HANDLED (0) or ...}). */
    String returnCodes();

    /** The context's layout: fields a program may read, each exactly. */
    record Context(String name, int size, List<ContextField> fields) {
        public Context {
            fields = List.copyOf(fields);
        }
    }

    /** One readable context field. */
    record ContextField(String name, String cType, int offset, int size) {
    }

    /** A helper's prototype as far as checking its arguments goes. */
    record Helper(String name, List<Arg> params) {
        public Helper {
            params = List.copyOf(params);
        }
    }

    /** One helper argument: its name for messages and what the verifier must prove about it. */
    record Arg(String name, ArgType type) {
    }

    /** What an argument register must hold. */
    enum ArgType {
        /** A number, any value. */
        SCALAR,
        /** A pointer to readable memory of the size the next size argument gives. */
        MEM,
        /** A pointer to writable memory of the size the next size argument gives. */
        WRITABLE_MEM,
        /** The size in bytes of the memory argument before it. */
        MEM_SIZE,
        /** The size in bits of the memory argument before it. */
        MEM_SIZE_BITS,
        /** An 8-byte aligned address in writable registered guest memory. */
        PTR_TO_U64,
        /** A 4-byte aligned address in writable registered guest memory. */
        PTR_TO_U32
    }
}
