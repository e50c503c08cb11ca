package org.hyperupcall.lang.tests;

import static org.hyperupcall.lang.tests.LspHarness.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** References, rename and go to definition (into hyperupcall.h too), through the language server. */
class NavigationTest {
    private static final String ROOT = "file:///tmp/huc-ls-navigation/";
    private static LspHarness ls;

    static final String SOURCE = """
            #include "hyperupcall.h"
            #define LIMIT 8
            // LIMIT, total and first in a comment are not references
            struct pair {
                u64 first;
                u64 second;
            };
            typedef struct pair pair_t;
            enum mode { MODE_A, MODE_B };
            extern u64 jiffies;
            static inline u64 sum(struct pair *p, u64 n)
            {
                u64 total = p->first + p->second;
                for (u32 i = 0; i < LIMIT; i++) {
                    u64 total = i;
                    n += total;
                }
                return total + n;
            }
            SEC("hyperupcall/vm_exit")
            long entry(struct hup_vm_exit_ctx *ctx)
            {
                struct pair q = { .first = ctx->tsc, .second = 2 };
                pair_t *r = &q;
                u64 t = hup_ktime_ns();
                u64 s = sum(&q, LIMIT) + r->first + jiffies + MODE_B + t;
                hup_trace(0, "LIMIT total first", 0);
                return s == 1 ? HUP_DEFAULT : HUP_DEFAULT;
            }
            """;

    private static String uri;

    @BeforeAll
    static void start() throws Exception {
        ls = LspHarness.start(ROOT, null);
        uri = ls.open("navigation.huc", SOURCE);
        ls.await(uri, 1, 60_000);
    }

    @AfterAll
    static void stop() throws Exception {
        ls.close();
    }

    private static List<Location> references(String u, Position p, boolean withDeclaration) throws Exception {
        ReferenceParams params = new ReferenceParams(new TextDocumentIdentifier(u), p, new ReferenceContext(withDeclaration));
        List<Location> out = new ArrayList<>(ls.server.getTextDocumentService().references(params).get(30, TimeUnit.SECONDS));
        out.sort(Comparator.comparing(Location::getUri).thenComparingInt(l -> l.getRange().getStart().getLine())
                .thenComparingInt(l -> l.getRange().getStart().getCharacter()));
        return out;
    }

    /** The 1-based lines of locations in SOURCE, each with the text its range covers. */
    private static List<String> lines(List<Location> locations) {
        return locations.stream().map(l -> (l.getRange().getStart().getLine() + 1) + ":" + LspHarness.text(SOURCE, l.getRange())).toList();
    }

    private static WorkspaceEdit rename(String u, Position p, String newName) throws Exception {
        return ls.server.getTextDocumentService().rename(new RenameParams(new TextDocumentIdentifier(u), p, newName)).get(30, TimeUnit.SECONDS);
    }

    /** The message of the error a rename (or prepareRename when newName is null) is answered with. */
    private static String refusal(Position p, String newName) throws Exception {
        try {
            if (newName == null) {
                ls.server.getTextDocumentService().prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(uri), p))
                        .get(30, TimeUnit.SECONDS);
            } else {
                rename(uri, p, newName);
            }
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof ResponseErrorException, e.toString());
            return ((ResponseErrorException) e.getCause()).getResponseError().getMessage();
        }
        throw new AssertionError("no error for " + (newName == null ? "prepareRename" : "rename to " + newName) + " at " + p);
    }

    @Test
    void referencesOfALocalAreItsDeclarationAndUsesButNotTheShadowingLocalNorCommentsOrStrings() throws Exception {
        List<Location> refs = references(uri, at(SOURCE, "total + n", 1), true);
        assertEquals(List.of("13:total", "18:total"), lines(refs));
        List<Location> inner = references(uri, at(SOURCE, "n += total", 6), true);
        assertEquals(List.of("15:total", "16:total"), lines(inner));
        assertEquals(List.of("18:total"), lines(references(uri, at(SOURCE, "total + n", 1), false)));
    }

    @Test
    void documentHighlightMarksTheDeclarationAsWrittenAndTheUsesAsRead() throws Exception {
        var highlights = ls.server.getTextDocumentService().documentHighlight(new org.eclipse.lsp4j.DocumentHighlightParams(
                new TextDocumentIdentifier(uri), at(SOURCE, "n += total", 0))).get(30, TimeUnit.SECONDS);
        List<String> got = highlights.stream().map(h -> (h.getRange().getStart().getLine() + 1) + ":" + LspHarness.text(SOURCE, h.getRange())
                + ":" + h.getKind()).sorted().toList();
        assertEquals(List.of("11:n:Write", "16:n:Read", "18:n:Read"), got);
    }

    @Test
    void referencesOfParametersDefinesFieldsTagsTypedefsEnumeratorsAndExterns() throws Exception {
        assertEquals(List.of("11:n", "16:n", "18:n"), lines(references(uri, at(SOURCE, "u64 n)", 4), true)));
        assertEquals(List.of("2:LIMIT", "14:LIMIT", "26:LIMIT"), lines(references(uri, at(SOURCE, "LIMIT;", 0), true)));
        // a member: its declaration, p->first, the designator .first, and r->first through the typedef pair_t
        assertEquals(List.of("5:first", "13:first", "23:first", "26:first"), lines(references(uri, at(SOURCE, "r->first", 4), true)));
        assertEquals(List.of("6:second", "13:second", "23:second"), lines(references(uri, at(SOURCE, "u64 second", 5), true)));
        assertEquals(List.of("4:pair", "8:pair", "11:pair", "23:pair"), lines(references(uri, at(SOURCE, "struct pair q", 8), true)));
        assertEquals(List.of("8:pair_t", "24:pair_t"), lines(references(uri, at(SOURCE, "pair_t *r", 2), true)));
        assertEquals(List.of("9:MODE_B", "26:MODE_B"), lines(references(uri, at(SOURCE, "MODE_B +", 2), true)));
        assertEquals(List.of("10:jiffies", "26:jiffies"), lines(references(uri, at(SOURCE, "jiffies +", 0), true)));
        assertEquals(List.of("11:sum", "26:sum"), lines(references(uri, at(SOURCE, "sum(&q", 1), true)));
    }

    @Test
    void referencesOfAnAbiNameAreItsUsesAndItsDeclarationInTheHeader() throws Exception {
        List<Location> refs = references(uri, at(SOURCE, "HUP_DEFAULT :", 3), true);
        assertEquals(2, refs.stream().filter(l -> l.getUri().equals(uri)).count(), refs::toString);
        Location header = refs.stream().filter(l -> l.getUri().startsWith("huc:")).findFirst().orElseThrow(() -> new AssertionError(refs));
        String line = headerText().lines().toList().get(header.getRange().getStart().getLine());
        assertTrue(line.startsWith("#define HUP_DEFAULT"), line);
        List<Location> field = references(uri, at(SOURCE, "ctx->tsc", 6), false);
        assertEquals(List.of("23:tsc"), lines(field));
    }

    @Test
    void renameChangesEveryUseOfALocalAndNothingElse() throws Exception {
        WorkspaceEdit edit = rename(uri, at(SOURCE, "u64 total = p", 5), "acc");
        List<TextEdit> edits = edit.getChanges().get(uri);
        assertEquals(1, edit.getChanges().size(), edit::toString);
        String renamed = LspHarness.apply(SOURCE, edits);
        String expected = SOURCE.replace("u64 total = p->first", "u64 acc = p->first").replace("return total + n", "return acc + n");
        assertEquals(expected, renamed);
    }

    @Test
    void renameOfAFunctionAFieldAndATagChangesDeclarationsAndUses() throws Exception {
        String fn = LspHarness.apply(SOURCE, rename(uri, at(SOURCE, "sum(struct", 0), "add_pair").getChanges().get(uri));
        assertEquals(SOURCE.replace("u64 sum(", "u64 add_pair(").replace("= sum(&q", "= add_pair(&q"), fn);
        String field = LspHarness.apply(SOURCE, rename(uri, at(SOURCE, "u64 first", 4), "lo").getChanges().get(uri));
        assertEquals(SOURCE.replace("u64 first;", "u64 lo;").replace("p->first", "p->lo").replace(".first =", ".lo =")
                .replace("r->first", "r->lo"), field);
        String tag = LspHarness.apply(SOURCE, rename(uri, at(SOURCE, "struct pair {", 8), "duo").getChanges().get(uri));
        assertEquals(SOURCE.replace("struct pair", "struct duo"), tag);
    }

    @Test
    void aTagOrATypedefMayTakeTheNameOfAMemberOfTheStructItNames() throws Exception {
        // tags, typedefs and members are different name spaces: p->first still means the member after either rename
        String tag = LspHarness.apply(SOURCE, rename(uri, at(SOURCE, "struct pair {", 8), "first").getChanges().get(uri));
        assertEquals(SOURCE.replace("struct pair", "struct first"), tag);
        String typedef = LspHarness.apply(SOURCE, rename(uri, at(SOURCE, "pair_t *r", 2), "first").getChanges().get(uri));
        assertEquals(SOURCE.replace("pair_t", "first"), typedef);
    }

    @Test
    void prepareRenameGivesTheIdentifiersRange() throws Exception {
        var r = ls.server.getTextDocumentService().prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(uri),
                at(SOURCE, "jiffies +", 3))).get(30, TimeUnit.SECONDS);
        assertEquals("jiffies", LspHarness.text(SOURCE, r.getFirst()));
        assertEquals(25, r.getFirst().getStart().getLine());
    }

    @Test
    void renameRefusesHelpersAbiNamesAndKeywords() throws Exception {
        assertTrue(refusal(at(SOURCE, "hup_ktime_ns", 3), null).contains("helper"), () -> "helper");
        assertTrue(refusal(at(SOURCE, "hup_ktime_ns", 3), "now").contains("cannot be renamed"));
        assertTrue(refusal(at(SOURCE, "HUP_DEFAULT :", 2), null).contains("hyperupcall"));
        assertTrue(refusal(at(SOURCE, "ctx->tsc", 6), null).contains("hyperupcall"));
        assertTrue(refusal(at(SOURCE, "return s", 2), null).contains("keyword"));
    }

    @Test
    void renameRefusesANewNameThatIsNotAnIdentifierOrIsAKeyword() throws Exception {
        Position s = at(SOURCE, "u64 s =", 4);
        assertTrue(refusal(s, "3d").contains("not a C identifier"));
        assertTrue(refusal(s, "a-b").contains("not a C identifier"));
        assertTrue(refusal(s, "while").contains("keyword"));
        assertTrue(refusal(s, "u32").contains("keyword"));
        assertTrue(refusal(s, "auto").contains("keyword"));
    }

    @Test
    void renameRefusesACollisionInTheSameScopeAndAChangeOfWhatAnotherNameMeans() throws Exception {
        String same = refusal(at(SOURCE, "u64 s =", 4), "r");
        assertTrue(same.contains("already declared in the same scope"), same);
        // the outer total lives in the function's outermost block, with the parameters
        String param = refusal(at(SOURCE, "u64 total = p", 5), "n");
        assertTrue(param.contains("already declared in the same scope"), param);
        // LIMIT renamed to i: the use in the for loop would mean the loop's counter
        String captured = refusal(at(SOURCE, "LIMIT 8", 0), "i");
        assertTrue(captured.contains("line 14"), captured);
        // a local renamed to a global's name hides the global where it is used
        String hides = refusal(at(SOURCE, "u64 t =", 4), "jiffies");
        assertTrue(hides.contains("jiffies"), hides);
        // a file-scope name renamed to a helper's
        assertTrue(refusal(at(SOURCE, "sum(struct", 0), "hup_trace").contains("helper"));
    }

    @Test
    void referencesAndRenameReachAnIncludedFile() throws Exception {
        String common = "#define SHARED 3\nstatic inline u64 twice(u64 x)\n{\n    return x * SHARED;\n}\n";
        String main = "#include \"hyperupcall.h\"\n#include \"common.huc\"\nSEC(\"hyperupcall/vm_exit\")\n"
                + "long entry(struct hup_vm_exit_ctx *ctx)\n{\n    return twice(ctx->vcpu) == SHARED;\n}\n";
        String commonUri = ls.open("common.huc", common);
        ls.await(commonUri, 1, 60_000);
        String mainUri = ls.open("main.huc", main);
        ls.await(mainUri, 1, 60_000);
        ReferenceParams p = new ReferenceParams(new TextDocumentIdentifier(mainUri), at(main, "twice(", 1), new ReferenceContext(true));
        List<? extends Location> refs = ls.server.getTextDocumentService().references(p).get(30, TimeUnit.SECONDS);
        assertEquals(Map.of(commonUri, 1L, mainUri, 1L), refs.stream().collect(java.util.stream.Collectors.groupingBy(Location::getUri,
                java.util.stream.Collectors.counting())));
        WorkspaceEdit edit = ls.server.getTextDocumentService().rename(new RenameParams(new TextDocumentIdentifier(commonUri),
                at(common, "SHARED 3", 0), "FACTOR")).get(30, TimeUnit.SECONDS);
        assertEquals(common.replace("SHARED", "FACTOR"), LspHarness.apply(common, edit.getChanges().get(commonUri)));
        assertEquals(main.replace("SHARED", "FACTOR"), LspHarness.apply(main, edit.getChanges().get(mainUri)));
        var def = ls.server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(mainUri),
                at(main, "twice(", 2))).get(30, TimeUnit.SECONDS).getLeft();
        assertEquals(commonUri, def.get(0).getUri());
        assertEquals(1, def.get(0).getRange().getStart().getLine());
    }

    @Test
    void definitionOfAHelperAStructAFieldAndAConstantLandsOnItsDeclarationInTheHeader() throws Exception {
        String header = headerText();
        List<String> lines = header.lines().toList();
        for (String[] c : new String[][] {{"hup_ktime_ns", "hup_ktime_ns()", "u64 hup_ktime_ns(void)"},
                {"hup_trace", "hup_trace(0", "hup_trace("}, {"HUP_DEFAULT", "HUP_DEFAULT :", "#define HUP_DEFAULT"},
                {"hup_vm_exit_ctx", "hup_vm_exit_ctx *ctx", "struct hup_vm_exit_ctx {"}, {"tsc", "tsc,", "tsc;"}}) {
            var def = ls.server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri),
                    at(SOURCE, c[1], 1))).get(30, TimeUnit.SECONDS).getLeft();
            assertEquals(1, def.size(), () -> c[0] + ": " + def);
            Location l = def.get(0);
            assertEquals("huc:/hyperupcall.h", l.getUri());
            String line = lines.get(l.getRange().getStart().getLine());
            assertTrue(line.contains(c[2]), () -> c[0] + " lands on: " + line);
            assertEquals(c[0], line.substring(l.getRange().getStart().getCharacter(), l.getRange().getEnd().getCharacter()));
            if (c[0].equals("tsc")) {
                // the member of the vm_exit context, not a same-named member of another structure
                int structLine = lines.indexOf("struct hup_vm_exit_ctx {");
                assertTrue(l.getRange().getStart().getLine() > structLine
                        && lines.subList(structLine, l.getRange().getStart().getLine()).stream().noneMatch(x -> x.equals("};")), line);
            }
        }
    }

    @Test
    void workspaceSymbolsAreTheFileScopeNamesNotTheUsesOfVariables() throws Exception {
        var r = ls.server.getWorkspaceService().symbol(new org.eclipse.lsp4j.WorkspaceSymbolParams("")).get(30, TimeUnit.SECONDS);
        List<String> names = r.getRight().stream().filter(x -> x.getLocation().getLeft().getUri().equals(uri))
                .map(org.eclipse.lsp4j.WorkspaceSymbol::getName).sorted().toList();
        assertEquals(List.of("LIMIT", "MODE_A", "MODE_B", "entry", "jiffies", "mode", "pair", "pair_t", "sum"), names);
    }

    @Test
    void theHeaderCommandReturnsTheHeadersText() throws Exception {
        assertTrue(ls.initialized.getCapabilities().getExecuteCommandProvider().getCommands().contains("huc.header"));
        String text = headerText();
        assertTrue(text.contains("#ifndef HYPERUPCALL_H") && text.contains("hup_ktime_ns"), text);
        assertEquals(org.hyperupcall.abi.Header.text(), text);
    }

    private static String headerText() throws Exception {
        Object r = ls.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("huc.header", List.of())).get(30, TimeUnit.SECONDS);
        if (r instanceof Map<?, ?> m) {
            return String.valueOf(m.get("text"));
        }
        throw new AssertionError("huc.header answered " + r);
    }
}
