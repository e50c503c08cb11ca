package org.hyperupcall.lang.tests;

import static org.hyperupcall.lang.tests.LspHarness.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hover, definition, references and completion where what a name means depends on the type of an
 * expression or on the scope it stands in, through the language server: the IDE answers as the
 * compiler types and resolves (typedefs, arrays, pointers to pointers, casts, hyperupcall.h's
 * structures, brace initializers, scopes of declarations).
 */
class ExpressionTypesTest {
    private static final String ROOT = "file:///tmp/huc-ls-types/";
    private static LspHarness ls;
    private static String uri;

    static final String SOURCE = """
            #include "hyperupcall.h"
            struct inner {
                u64 x;
                u64 y;
            };
            struct outer {
                struct inner in;
                u64 x;
                struct inner arr[2];
            };
            typedef struct outer outer_t;
            typedef struct inner *inner_ptr;
            typedef struct tlb_state tlb_t;
            enum level { LOW = 1, HIGH };
            extern struct page mem_map[];
            extern u8 cpu_tlbstate[];
            static inline u64 mm_gen(struct mm_struct *ts)
            {
                return ts->tlb_gen;
            }
            static inline u64 wrong(struct inner **pp, struct outer *op)
            {
                return pp->y + op.x + op->arr.x;
            }
            static inline struct inner *pick(struct outer *p);
            SEC("hyperupcall/tlb_shootdown")
            long flush(struct hup_tlb_shootdown_ctx *ctx)
            {
                outer_t o = { { .x = 1 }, 2 };
                struct inner *ptrs[2] = { &o.in, &o.arr[1] };
                inner_ptr *pp = ptrs;
                tlb_t *ts = (tlb_t *) (cpu_tlbstate + ctx->target_vcpu * HUP_PERCPU_STRIDE);
                u64 t = ts->tlb_gen;
                u32 i = 7;
                for (u32 i = 0, j = i; i < 2; i++) {
                    u64 t = t + j;
                    o.x += t;
                }
                return (*pp)->y + pp[1]->x + ((outer_t *) &o)->arr[1].y + mem_map[ctx->flush_start].flags + HIGH + i + pick(&o)->y;
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        ls = LspHarness.start(ROOT, null);
        uri = ls.open("types.huc", SOURCE);
        ls.await(uri, 1, 60_000);
    }

    @AfterAll
    static void stop() throws Exception {
        ls.close();
    }

    private static List<? extends Location> definition(String u, Position p) throws Exception {
        return ls.server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(u), p))
                .get(30, TimeUnit.SECONDS).getLeft();
    }

    /** Where the name at p is defined: "line N: name" in SOURCE, "header: u64 name; /* +offset" in hyperupcall.h, or "none". */
    private static String definedAt(Position p) throws Exception {
        List<? extends Location> d = definition(uri, p);
        if (d.isEmpty()) {
            return "none";
        }
        Location l = d.get(0);
        if (l.getUri().startsWith("huc:")) {
            String line = org.hyperupcall.abi.Header.text().lines().toList().get(l.getRange().getStart().getLine()).trim().replaceAll("\\s+", " ");
            return "header: " + (line.contains(":") ? line.substring(0, line.indexOf(':')) : line);
        }
        return "line " + (l.getRange().getStart().getLine() + 1) + ": " + LspHarness.text(SOURCE, l.getRange());
    }

    private static String hover(Position p) throws Exception {
        Hover h = ls.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), p)).get(30, TimeUnit.SECONDS);
        return h == null || h.getContents() == null || h.getContents().getRight() == null ? "" : h.getContents().getRight().getValue();
    }

    /** The labels completion offers in text (opened as a document of its own) at the end of the k-th needle. */
    private static List<String> completion(String name, String text, String needle) throws Exception {
        String u = ls.open(name, text);
        ls.await(u, 1, 60_000);
        var r = ls.server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(u),
                at(text, needle, needle.length()))).get(30, TimeUnit.SECONDS);
        return (r.isLeft() ? r.getLeft() : r.getRight().getItems()).stream().map(CompletionItem::getLabel).sorted().toList();
    }

    @Test
    void membersResolveThroughTypedefsArraysCastsDereferencesAndTheContext() throws Exception {
        assertEquals("line 4: y", definedAt(at(SOURCE, "(*pp)->y", 7)));
        assertEquals("line 3: x", definedAt(at(SOURCE, "pp[1]->x", 7)));
        assertEquals("line 9: arr", definedAt(at(SOURCE, "->arr[1].y", 3)));
        assertEquals("line 4: y", definedAt(at(SOURCE, "->arr[1].y", 9)));
        assertEquals("line 8: x", definedAt(at(SOURCE, "o.x += t", 2)));
        // a call has the type its function returns, whether or not the function is defined
        assertEquals("line 4: y", definedAt(at(SOURCE, "pick(&o)->y", 10)));
        assertEquals("header: u64 flags; /* +0", definedAt(at(SOURCE, "].flags", 3)));
        assertEquals("header: u64 tlb_gen; /* +8", definedAt(at(SOURCE, "ts->tlb_gen", 0, 5)));
        assertEquals("header: u64 tlb_gen; /* +32", definedAt(at(SOURCE, "ts->tlb_gen", 1, 5)));
        assertEquals("header: u32 target_vcpu; /* +4", definedAt(at(SOURCE, "ctx->target_vcpu", 6)));
    }

    @Test
    void aNestedBraceListWithoutADesignatorFillsTheFirstMemberOfTheStruct() throws Exception {
        // { { .x = 1 }, 2 } for a struct outer: the inner braces are o.in, a struct inner
        assertEquals("line 3: x", definedAt(at(SOURCE, "{ .x = 1 }", 3)));
    }

    @Test
    void anInitializerSeesTheNamesDeclaredBeforeItsDeclaratorAsTheCompilerDoes() throws Exception {
        // the compiler evaluates the initializer of t before t is declared: the t of t + j is the outer one
        assertEquals("line 33: t", definedAt(at(SOURCE, "t + j", 0)));
        // j = i: the loop's i, declared before j in the same declaration
        assertEquals("line 35: i", definedAt(at(SOURCE, "j = i", 4)));
        assertEquals("line 34: i", definedAt(at(SOURCE, "HIGH + i", 7)));
    }

    @Test
    void anEnumeratorAfterOneWithAValueHasADefinitionAndReferences() throws Exception {
        // "LOW = 1, HIGH" parses as LOW = (1, HIGH); the compiler counts HIGH as the next enumerator
        assertEquals("line 14: HIGH", definedAt(at(SOURCE, "HIGH + i", 0)));
        List<? extends Location> refs = ls.server.getTextDocumentService().references(new ReferenceParams(new TextDocumentIdentifier(uri),
                at(SOURCE, "HIGH + i", 1), new ReferenceContext(true))).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(14, 39), refs.stream().map(l -> l.getRange().getStart().getLine() + 1).sorted().toList());
    }

    @Test
    void aMemberTheCompilerRejectsHasNoDefinition() throws Exception {
        // -> on a pointer to a pointer, . on a pointer, . on an array of structs
        assertEquals("none", definedAt(at(SOURCE, "pp->y", 4)));
        assertEquals("none", definedAt(at(SOURCE, "op.x", 3)));
        assertEquals("none", definedAt(at(SOURCE, "arr.x", 4)));
    }

    @Test
    void hoverOfAMemberOfAHeaderStructureDescribesTheStructureItsTargetHas() throws Exception {
        assertTrue(hover(at(SOURCE, "ts->tlb_gen", 0, 5)).contains("struct mm_struct, offset 8"), () -> "in mm_gen");
        // ts is a tlb_t * here, though another function's parameter ts is a struct mm_struct *
        String local = hover(at(SOURCE, "ts->tlb_gen", 1, 5));
        assertTrue(local.contains("struct tlb_state, offset 32"), local);
        String page = hover(at(SOURCE, "].flags", 3));
        assertTrue(page.contains("struct page, offset 0"), page);
    }

    @Test
    void completionAfterADotOrAnArrowOffersTheMembersOfTheTypeOfWhatPrecedesIt() throws Exception {
        String ret = "    return (*pp)->y";
        assertEquals(List.of("arr", "in", "x"), completion("dot.huc", SOURCE.replace(ret, "    u64 n = o.;\n" + ret), "u64 n = o."));
        assertEquals(List.of("x", "y"), completion("index.huc", SOURCE.replace(ret, "    u64 n = ptrs[1]->;\n" + ret), "ptrs[1]->"));
        List<String> tlb = completion("typedef.huc", SOURCE.replace(ret, "    u64 n = ts->;\n" + ret), "u64 n = ts->");
        assertTrue(tlb.containsAll(List.of("is_lazy", "loaded_mm", "tlb_gen")) && !tlb.contains("pgd"), tlb::toString);
        // the . of a designator: the members of what the brace list fills (o3.in, a struct inner)
        assertEquals(List.of("x", "y"), completion("designator.huc", SOURCE.replace(ret, "    struct outer o3 = { .in = { . } };\n" + ret),
                "o3 = { .in = { ."));
    }
}
