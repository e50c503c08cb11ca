package org.hyperupcall.lang.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.huc.BaseType;
import org.hyperupcall.lang.huc.Pointer;
import org.hyperupcall.lang.huc.PrimitiveType;
import org.hyperupcall.lang.huc.TaggedType;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.TypeName;
import org.hyperupcall.lang.huc.TypeSpec;
import org.hyperupcall.lang.huc.Typedef;
import org.hyperupcall.lang.huc.TypedefRef;

/**
 * Turns the type syntax of HUC into {@link CType}s: the primitive spellings (u32, unsigned int,
 * uint32_t...), the structures of hyperupcall.h (event contexts, guest structures) and the
 * typedefs of the unit that name one of those.
 */
final class Types {
    private final Map<String, Typedef> typedefs = new HashMap<>();

    Types(TranslationUnit unit) {
        for (TopLevel t : unit.getItems()) {
            if (t instanceof Typedef td && td.getDeclarator() != null && td.getDeclarator().getName() != null) {
                typedefs.put(td.getDeclarator().getName(), td);
            }
        }
    }

    /** The structures hyperupcall.h defines, by tag. */
    static Optional<Struct> abiStruct(String tag) {
        for (Event e : Event.values()) {
            if (e.context().name().equals(tag)) {
                return Optional.of(e.context());
            }
        }
        return GuestStructs.all().stream().filter(s -> s.name().equals(tag)).findFirst();
    }

    CType of(TypeSpec spec, List<Pointer> pointers) {
        return pointers(base(spec.getBase(), 0), pointers);
    }

    CType of(TypeName name) {
        if (!name.getDims().isEmpty()) {
            throw CompileException.unsupported(name, "an array type");
        }
        return pointers(base(name.getBase(), 0), name.getPointers());
    }

    private static CType pointers(CType t, List<Pointer> pointers) {
        for (int i = 0; i < pointers.size(); i++) {
            t = CType.pointerTo(t);
        }
        return t;
    }

    private CType base(BaseType base, int depth) {
        if (base instanceof PrimitiveType p) {
            return primitive(p);
        }
        if (base instanceof TaggedType t) {
            if (!"struct".equals(t.getKind())) {
                throw CompileException.unsupported(t, t.getKind() + " types");
            }
            return abiStruct(t.getTag()).map(CType::struct)
                    .orElseThrow(() -> CompileException.unsupported(t, "struct " + t.getTag() + " (user-defined structs)"));
        }
        if (base instanceof TypedefRef r) {
            Typedef td = typedefs.get(r.getName());
            if (td == null) {
                throw CompileException.type(r, "unknown type name '" + r.getName() + "'");
            }
            if (depth > 16 || td.getDeclarator().isFunctionPointer() || !td.getDeclarator().getDims().isEmpty()) {
                throw CompileException.unsupported(r, "typedef " + r.getName());
            }
            return pointers(base(td.getType().getBase(), depth + 1), td.getDeclarator().getPointers());
        }
        throw CompileException.unsupported(base, "an inline struct, union or enum definition");
    }

    private static CType primitive(PrimitiveType p) {
        List<String> names = p.getNames();
        int longs = 0;
        boolean unsigned = false;
        boolean signed = false;
        String base = null;
        for (String n : names) {
            switch (n) {
                case "long" -> longs++;
                case "unsigned" -> unsigned = true;
                case "signed" -> signed = true;
                default -> {
                    if (base != null) {
                        throw CompileException.type(p, "invalid type '" + String.join(" ", names) + "'");
                    }
                    base = n;
                }
            }
        }
        if (base == null) {
            base = longs > 0 ? "long" : "int";
        } else if (longs > 0 && !base.equals("int")) {
            throw CompileException.type(p, "invalid type '" + String.join(" ", names) + "'");
        }
        if (longs > 0) {
            base = "long";
        }
        boolean sized = base.startsWith("u") || base.startsWith("s") && !base.equals("short") && !base.equals("signed")
                || base.startsWith("__") || base.endsWith("_t");
        if ((unsigned || signed) && sized) {
            throw CompileException.type(p, "invalid type '" + String.join(" ", names) + "'");
        }
        CType t = switch (base) {
            case "void" -> CType.VOID;
            case "bool", "_Bool" -> CType.BOOL;
            case "char" -> CType.S8;
            case "short" -> CType.S16;
            case "int" -> CType.S32;
            case "long" -> CType.S64;
            case "u8", "__u8", "uint8_t" -> CType.U8;
            case "u16", "__u16", "uint16_t" -> CType.U16;
            case "u32", "__u32", "uint32_t" -> CType.U32;
            case "u64", "__u64", "uint64_t", "size_t", "uintptr_t" -> CType.U64;
            case "s8", "__s8", "int8_t" -> CType.S8;
            case "s16", "__s16", "int16_t" -> CType.S16;
            case "s32", "__s32", "int32_t" -> CType.S32;
            case "s64", "__s64", "int64_t" -> CType.S64;
            case "float", "double" -> throw new CompileException(p, Compiler.TYPE, "floating point is not available in eBPF");
            default -> throw CompileException.unsupported(p, "type " + base);
        };
        if (unsigned) {
            if (t.kind() != CType.Kind.INT) {
                throw CompileException.type(p, "invalid type '" + String.join(" ", names) + "'");
            }
            t = CType.integer(t.size(), false);
        }
        return t;
    }
}
