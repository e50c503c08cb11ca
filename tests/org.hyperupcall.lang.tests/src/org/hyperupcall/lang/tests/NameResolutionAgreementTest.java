package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.Typing;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.ParamDeclarator;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IDE and the compiler resolve a local's name the same way. The IDE's {@link Typing#locals}
 * walks the syntax tree (it must answer on code that does not compile); the compiler keeps scopes
 * while it generates code (a #define's body is compiled where it is used, with the locals in
 * scope there). This holds the two to one behaviour: every local and parameter is renamed, with
 * every use the IDE resolves to it (what the editor's rename does), and the program must compile
 * to the same instructions. A use the IDE resolved to the wrong declaration, or missed, would
 * compile to other code or not at all.
 */
class NameResolutionAgreementTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();

    static Stream<Arguments> programs() throws Exception {
        List<Arguments> out = new ArrayList<>();
        CompiledProgramsTest.programs().forEach(a -> out.add(Arguments.of(a.get()[0], CompiledProgramsTest.PRE + a.get()[2] + "\n}\n")));
        try (Stream<Path> examples = Files.list(REPO.resolve("examples/huc"))) {
            for (Path p : examples.sorted().toList()) {
                out.add(Arguments.of(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        out.add(Arguments.of("shadowing in blocks, loops, cases and an inline function, and a define naming a local", """
                #include "hyperupcall.h"
                #define TWICE_Z (z * 2)
                static inline u32 f(u32 x) { u32 y = x + 1; { u32 x = y * 3; y += x; } return y + x; }
                SEC("hyperupcall/vm_exit")
                long g(struct hup_vm_exit_ctx *ctx) {
                    u32 z = 5;
                    u32 x = ctx->vcpu, y = x + 1;
                    for (u32 x = 0; x < 3; x++) { u32 y = x * 2; z += ctx->vcpu == y ? x : y; }
                    switch (y) { case 4: { u32 y = 9; x += y; } break; default: x += f(y); }
                    return x + y + TWICE_Z;
                }
                """));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: renaming each local as the IDE resolves it compiles to the same code")
    @MethodSource("programs")
    void renamingEachLocalAsTheIdeResolvesItCompilesToTheSameCode(String name, String source) throws Exception {
        TranslationUnit unit = load(source);
        Typing typing = Typing.of(unit);
        // every declaration of a local or parameter, and the uses the IDE resolves to it
        Map<EObject, List<INode>> renamed = new IdentityHashMap<>();
        for (Function f : EcoreUtil2.getAllContentsOfType(unit, Function.class)) {
            for (ParamDeclarator p : EcoreUtil2.getAllContentsOfType(f, ParamDeclarator.class)) {
                nameNode(p).ifPresent(n -> renamed.computeIfAbsent(p, k -> new ArrayList<>()).add(n));
            }
            for (Declarator d : EcoreUtil2.getAllContentsOfType(f, Declarator.class)) {
                nameNode(d).ifPresent(n -> renamed.computeIfAbsent(d, k -> new ArrayList<>()).add(n));
            }
        }
        int uses = 0;
        for (NameExpression use : EcoreUtil2.getAllContentsOfType(unit, NameExpression.class)) {
            if (EcoreUtil2.getContainerOfType(use, Define.class) != null) {
                continue; // a #define's body means what it means where it is used: left as written
            }
            Optional<Typing.Name> local = typing.locals(use).stream().filter(l -> l.name().equals(use.getName())).findFirst();
            if (local.isPresent() && renamed.containsKey(local.get().declaration())) {
                nameNode(use).ifPresent(n -> renamed.get(local.get().declaration()).add(n));
                uses++;
            }
        }
        // each declaration and its uses get one new name (a #define naming a local keeps its name: those locals keep theirs)
        java.util.Set<String> definedNames = new java.util.HashSet<>();
        EcoreUtil2.getAllContentsOfType(unit, Define.class).forEach(d -> EcoreUtil2.getAllContentsOfType(d, NameExpression.class)
                .forEach(n -> definedNames.add(n.getName())));
        TreeMap<Integer, int[]> edits = new TreeMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<EObject, List<INode>> e : renamed.entrySet()) {
            String old = e.getValue().get(0).getText().strip();
            if (definedNames.contains(old)) {
                continue;
            }
            String fresh = "renamed_" + (k++) + "_" + old;
            for (INode n : e.getValue()) {
                edits.put(n.getOffset(), new int[] {n.getLength()});
                names.put(n.getOffset(), fresh);
            }
        }
        StringBuilder sb = new StringBuilder(source);
        for (int offset : edits.descendingKeySet()) {
            sb.replace(offset, offset + edits.get(offset)[0], names.get(offset));
        }
        String renamedSource = sb.toString();
        Compilation before = Compiler.compile("p.huc", source);
        Compilation after = Compiler.compile("p.huc", renamedSource);
        assertTrue(before.ok(), () -> before.diagnostics().toString());
        assertTrue(after.ok(), () -> "the renamed program compiles: " + after.diagnostics() + "\n" + renamedSource);
        assertEquals(before.programs().size(), after.programs().size());
        for (int i = 0; i < before.programs().size(); i++) {
            CompiledProgram b = before.programs().get(i);
            CompiledProgram a = after.programs().get(i);
            assertArrayEquals(b.program().slots(), a.program().slots(), () -> "the same code after renaming:\n" + renamedSource
                    + "\nbefore:\n" + b.listing() + "\nafter:\n" + a.listing());
        }
        assertTrue(uses > 0 || renamed.isEmpty(), "some use was resolved");
    }

    private static Optional<INode> nameNode(EObject o) {
        List<INode> nodes = NodeModelUtils.findNodesForFeature(o, o.eClass().getEStructuralFeature("name"));
        return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0));
    }

    private static TranslationUnit load(String text) throws Exception {
        XtextResourceSet set = Huc.INJECTOR.getInstance(XtextResourceSet.class);
        Resource r = set.createResource(URI.createURI("p.huc"));
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return (TranslationUnit) r.getContents().get(0);
    }
}
