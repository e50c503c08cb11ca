package org.hyperupcall.lang.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.huc.BaseType;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.FieldDecl;
import org.hyperupcall.lang.huc.FieldDeclarator;
import org.hyperupcall.lang.huc.InlineType;
import org.hyperupcall.lang.huc.StructDef;
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
    /** User-defined structs and unions by "struct tag" / "union tag", laid out on first use. */
    private final Map<String, StructDef> tagged = new HashMap<>();
    private final Map<StructDef, CType.Aggregate> layouts = new HashMap<>();
    private final java.util.Set<StructDef> layingOut = new java.util.HashSet<>();
    private Compiler.Unit unit;

    Types(List<TranslationUnit> units) {
        for (TopLevel t : units.stream().flatMap(u -> u.getItems().stream()).toList()) {
            if (t instanceof Typedef td && td.getDeclarator() != null && td.getDeclarator().getName() != null) {
                typedefs.put(td.getDeclarator().getName(), td);
            }
        }
        for (StructDef d : units.stream().flatMap(u -> org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(u, StructDef.class).stream()).toList()) {
            if (d.getName() != null) {
                tagged.putIfAbsent(d.getKind() + " " + d.getName(), d);
            }
        }
    }

    /** The unit whose #defines and enumerators array dimensions may use. */
    void setUnit(Compiler.Unit unit) {
        this.unit = unit;
    }

    /** The type a declarator gives its name: pointers, then array dimensions (outermost first), folded at file scope. */
    CType declared(TypeSpec spec, Declarator d) {
        return declared(spec, d, x -> unit == null ? null : ConstantFolder.fold(x, unit));
    }

    /** The type a declarator of a local gives its name: its dimensions folded where it stands, the locals in scope shadowing the unit's names. */
    CType declared(TypeSpec spec, Declarator d, FunctionState state) {
        return declared(spec, d, x -> ConstantFolder.fold(x, state));
    }

    private CType declared(TypeSpec spec, Declarator d, java.util.function.Function<Expression, Long> fold) {
        CType t = of(spec, d.getPointers());
        List<Expression> dims = d.getDims();
        if (brackets(d) > dims.size()) {
            // "name[]": the grammar keeps no element for an empty dimension.
            dims = new java.util.ArrayList<>(dims);
            dims.add(0, null);
        }
        return dims(t, dims, d, fold);
    }

    /** How many [ ] pairs a declarator has. */
    private static int brackets(Declarator d) {
        org.eclipse.xtext.nodemodel.ICompositeNode n = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(d);
        if (n == null) {
            return d.getDims().size();
        }
        int count = 0;
        for (org.eclipse.xtext.nodemodel.ILeafNode leaf : n.getLeafNodes()) {
            if (!leaf.isHidden() && "[".equals(leaf.getText()) && leaf.getGrammarElement() instanceof org.eclipse.xtext.Keyword
                    && leaf.getSemanticElement() == d) {
                count++;
            }
        }
        return count;
    }

    /** Applies array dimensions folded at file scope, [] (null) meaning an undeclared size. */
    CType dims(CType t, List<Expression> dims, EObject node) {
        return dims(t, dims, node, x -> unit == null ? null : ConstantFolder.fold(x, unit));
    }

    private CType dims(CType t, List<Expression> dims, EObject node, java.util.function.Function<Expression, Long> fold) {
        for (int i = dims.size() - 1; i >= 0; i--) {
            Expression x = dims.get(i);
            int count = -1;
            if (x != null) {
                Long n = fold.apply(x);
                if (n == null) {
                    throw new CompileException(x, HucRule.VARIABLE_LENGTH_ARRAY, "an array dimension must be a constant expression");
                }
                if (n <= 0 || n > 1 << 20) {
                    throw CompileException.type(x, "array dimension " + n + " is out of range");
                }
                count = n.intValue();
            } else if (i > 0) {
                throw CompileException.type(node, "only the first dimension of an array may be left out");
            }
            if (t.kind() == CType.Kind.VOID) {
                throw CompileException.type(node, "an array of void");
            }
            t = CType.arrayOf(t, count);
        }
        return t;
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
        return dims(pointers(base(name.getBase(), 0), name.getPointers()), name.getDims(), name);
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
            if ("enum".equals(t.getKind())) {
                return CType.INT;
            }
            StructDef user = tagged.get(t.getKind() + " " + t.getTag());
            if (user != null) {
                return CType.struct(layout(user));
            }
            if ("struct".equals(t.getKind())) {
                Optional<Struct> abi = abiStruct(t.getTag());
                if (abi.isPresent()) {
                    return CType.struct(CType.Aggregate.of(abi.get()));
                }
            }
            throw CompileException.type(t, t.getKind() + " " + t.getTag() + " is not defined (neither in this file nor in hyperupcall.h)");
        }
        if (base instanceof InlineType it) {
            if (it.getDefinition() instanceof EnumDef) {
                return CType.INT;
            }
            return CType.struct(layout((StructDef) it.getDefinition()));
        }
        if (base instanceof TypedefRef r) {
            Typedef td = typedefs.get(r.getName());
            if (td == null) {
                throw CompileException.type(r, "unknown type name '" + r.getName() + "'");
            }
            if (depth > 16 || td.getDeclarator().isFunctionPointer()) {
                throw CompileException.unsupported(r, "typedef " + r.getName());
            }
            return dims(pointers(base(td.getType().getBase(), depth + 1), td.getDeclarator().getPointers()),
                    td.getDeclarator().getDims(), r);
        }
        throw CompileException.unsupported(base, "this type");
    }

    /** C's layout of a struct (members in order, each aligned) or union (all at offset 0). */
    private CType.Aggregate layout(StructDef d) {
        CType.Aggregate done = layouts.get(d);
        if (done != null) {
            return done;
        }
        if (!layingOut.add(d)) {
            throw CompileException.type(d, d.getKind() + " " + d.getName() + " contains itself");
        }
        boolean union = "union".equals(d.getKind());
        List<CType.Member> members = new java.util.ArrayList<>();
        int offset = 0;
        int size = 0;
        int align = 1;
        for (FieldDecl f : d.getFields()) {
            for (FieldDeclarator fd : f.getDeclarators()) {
                if (fd.getBits() != null) {
                    throw CompileException.unsupported(fd, "a bit-field");
                }
                CType t = dims(of(f.getType(), fd.getPointers()), fd.getDims(), fd);
                if (t.kind() == CType.Kind.VOID || t.isArray() && t.count() < 0) {
                    throw CompileException.type(fd, "member '" + fd.getName() + "' has incomplete type " + t);
                }
                int a = t.align();
                align = Math.max(align, a);
                int at = union ? 0 : (offset + a - 1) / a * a;
                members.add(new CType.Member(fd.getName(), t, at));
                offset = at + t.size();
                size = Math.max(size, offset);
            }
        }
        size = (size + align - 1) / align * align;
        String name = d.getName() != null ? d.getName() : "<anonymous>";
        CType.Aggregate agg = new CType.Aggregate(name, union, size, align, List.copyOf(members));
        layouts.put(d, agg);
        layingOut.remove(d);
        return agg;
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
            case "float", "double" -> throw new CompileException(p, HucRule.TYPE, "floating point is not available in eBPF");
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

    // ---------------------------------------------------------------- for Typing: what Types resolves

    /** The typedef called name (the last one in the units), or null. */
    Typedef typedef(String name) {
        return typedefs.get(name);
    }

    /** The struct or union definition that "kind tag" names (the first one in the units), or null. */
    StructDef tag(String kind, String tag) {
        return tagged.get(kind + " " + tag);
    }

    /** The definition a layout was made from; null for the structures of hyperupcall.h. */
    StructDef definition(CType.Aggregate a) {
        for (Map.Entry<StructDef, CType.Aggregate> e : layouts.entrySet()) {
            if (e.getValue() == a) {
                return e.getKey();
            }
        }
        return null;
    }
}
