package org.hyperupcall.ui.tests;

import static org.hyperupcall.ui.tests.HucEditorTest.annotationRules;
import static org.hyperupcall.ui.tests.HucEditorTest.document;
import static org.hyperupcall.ui.tests.HucEditorTest.file;
import static org.hyperupcall.ui.tests.HucEditorTest.markers;
import static org.hyperupcall.ui.tests.HucEditorTest.open;
import static org.hyperupcall.ui.tests.HucEditorTest.page;
import static org.hyperupcall.ui.tests.HucEditorTest.viewer;
import static org.hyperupcall.ui.tests.HucEditorTest.waitFor;
import static org.hyperupcall.ui.tests.HucEditorTest.waitForBuild;
import static org.hyperupcall.ui.tests.HucEditorTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.source.TextInvocationContext;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.eclipse.ui.wizards.IWizardDescriptor;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.ui.builder.HucBuilder;
import org.hyperupcall.ui.builder.HucNature;
import org.hyperupcall.ui.HucUi;
import org.hyperupcall.ui.editor.HucFolding;
import org.hyperupcall.ui.editor.HucQuickFixes;
import org.hyperupcall.ui.views.DisassemblyView;
import org.hyperupcall.ui.views.VerifierLogView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rest of the studio around the editor: the project wizard, the views, the outline, folding and quick fixes. */
class StudioTest {
    private final List<IProject> projects = new ArrayList<>();

    @AfterEach
    void cleanUp() throws CoreException {
        page().closeAllEditors(false);
        for (IProject p : projects) {
            p.delete(true, true, null);
        }
    }

    private IProject project() throws CoreException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject("studio" + System.nanoTime());
        p.create(null);
        p.open(null);
        HucNature.add(p);
        projects.add(p);
        return p;
    }

    @Test
    void theNewProjectWizardCreatesAProjectWithTheFourExamplesAndTheirScenariosThatBuildCleanly() throws Exception {
        IWizardDescriptor descriptor = PlatformUI.getWorkbench().getNewWizardRegistry().findWizard("org.hyperupcall.ui.newProject");
        assertNotNull(descriptor, "File > New > Project… lists the HUC project wizard");
        INewWizard wizard = (INewWizard) descriptor.createWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        WizardDialog dialog = new WizardDialog(shell, wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text name = find(dialog.getShell(), Text.class, t -> true);
        name.setText("hyperupcalls");
        Button finish = find(dialog.getShell(), Button.class, b -> b.getText().replace("&", "").equals("Finish"));
        assertTrue(finish.isEnabled(), "Finish is enabled once the project has a name");
        finish.notifyListeners(SWT.Selection, new Event());
        waitUntil("the wizard to close", () -> dialog.getShell() == null || dialog.getShell().isDisposed(), 60_000);

        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject("hyperupcalls");
        projects.add(p);
        assertTrue(p.exists() && p.hasNature(HucNature.ID));
        waitForBuild();
        for (String example : List.of("discard_free", "protect_kernel", "tlb_shootdown", "trace_exits")) {
            IFile f = p.getFile(example + ".huc");
            assertTrue(f.exists(), example);
            assertTrue(markers(f).stream().noneMatch(m -> m.getAttribute(org.eclipse.core.resources.IMarker.SEVERITY, 0) == 2),
                    () -> example + " builds without errors: " + markers(f));
            assertTrue(HucBuilder.objectOf(f).exists(), example + ".o");
        }
        for (Scenario s : Scenarios.all()) {
            IFile json = p.getFile("scenarios/" + s.name() + ".json");
            assertTrue(json.exists(), json.toString());
            assertEquals(Scenarios.defaults(s.name()), ScenarioFiles.parse(json.getName(), read(json)));
        }
        assertEquals("tlb_shootdown.huc", page().getActiveEditor().getEditorInput().getName(), "the wizard opens the first example");
    }

    @Test
    void theDisassemblyViewFollowsTheCaretAndTheVerifierLogShowsTheVerdict() throws Exception {
        IFile f = file(project(), "views.huc", HucEditorTest.PROGRAM);
        ITextEditor editor = open(f);
        DisassemblyView dis = (DisassemblyView) page().showView(DisassemblyView.ID);
        VerifierLogView log = (VerifierLogView) page().showView(VerifierLogView.ID);
        page().activate(editor);
        IDocument doc = document(editor);
        editor.selectAndReveal(doc.get().indexOf("return n;"), 0);
        waitUntil("the listing of views.huc", () -> dis.listing().contains("Disassembly of section hyperupcall/vm_exit"), 30_000);
        List<String> hl = waitFor("the caret's instructions highlighted", () -> dis.highlightedLines().isEmpty() ? null
                : dis.highlightedLines(), 30_000);
        assertTrue(hl.get(0).contains("return n;"), () -> "the HUC line first: " + hl);
        assertTrue(hl.stream().anyMatch(l -> l.contains("exit")), () -> "then its instructions, down to exit: " + hl);
        waitUntil("the verifier log", () -> log.log().contains("on_exit for vm_exit: accepted"), 30_000);

        // typing updates the listing
        doc.replace(doc.get().indexOf("return n;"), "return n;".length(), "return n + 41;");
        waitUntil("the listing to follow the edit", () -> dis.listing().contains("41"), 30_000);
    }

    @Test
    void theOutlineListsTheEntryPointWithItsEvent() throws Exception {
        IFile f = file(project(), "outline.huc", "#define LIMIT 4\n" + HucEditorTest.PROGRAM);
        ITextEditor editor = open(f);
        IContentOutlinePage outline = editor.getAdapter(IContentOutlinePage.class);
        assertNotNull(outline, "a HUC editor has an outline");
        page().showView("org.eclipse.ui.views.ContentOutline");
        page().activate(editor);
        Shell shell = new Shell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        try {
            outline.createControl(shell);
            Tree tree = (Tree) outline.getControl();
            List<String> items = waitFor("the outline's items", () -> {
                List<String> texts = Arrays.stream(tree.getItems()).map(TreeItem::getText).toList();
                return texts.stream().anyMatch(t -> t.startsWith("on_exit")) ? texts : null;
            }, 30_000);
            assertTrue(items.stream().anyMatch(t -> t.startsWith("on_exit") && t.contains("vm_exit")), items::toString);
            assertTrue(items.stream().anyMatch(t -> t.startsWith("LIMIT")), items::toString);
        } finally {
            outline.dispose();
            shell.dispose();
        }
    }

    @Test
    void functionBodiesAndCommentsFold() throws Exception {
        String text = "// one\n// two\n#include \"hyperupcall.h\"\n#include \"x.h\"\n/* a\n * b\n */\nstruct s {\n    u32 a;\n};\n"
                + "long f(void) { return 0; }\n";
        // the language server's ranges, as VS Code gets them: a body folds up to the line before its '}'
        String uri = project().getLocationURI().resolve("fold-ranges.huc").toString();
        HucUi.session().sync(uri, text);
        try {
            assertEquals(List.of(new HucFolding.Region(0, 1, "comment"), new HucFolding.Region(2, 3, "imports"),
                    new HucFolding.Region(4, 6, "comment"), new HucFolding.Region(7, 8, "region")),
                    HucFolding.regions(HucUi.session().foldingRanges(uri)));
        } finally {
            HucUi.session().close(uri);
        }
        IFile f = file(project(), "fold.huc", HucEditorTest.PROGRAM);
        ITextEditor editor = open(f);
        ProjectionViewer viewer = (ProjectionViewer) viewer(editor);
        waitUntil("a folding annotation on the function body", () -> viewer.getProjectionAnnotationModel() != null
                && viewer.getProjectionAnnotationModel().getAnnotationIterator().hasNext(), 30_000);
    }

    @Test
    void theQuickFixForAMutableGlobalMakesItConst() throws Exception {
        IFile f = file(project(), "fix.huc", "u32 limit = 4;\n" + HucEditorTest.PROGRAM);
        ITextEditor editor = open(f);
        waitUntil("the HUC-GLOBAL annotation", () -> annotationRules(editor).contains("HUC-GLOBAL"), 60_000);
        ICompletionProposal[] fixes = waitFor("the quick fixes", () -> {
            ICompletionProposal[] p = new HucQuickFixes().computeQuickAssistProposals(new TextInvocationContext(viewer(editor), 4, 0));
            return p.length > 0 ? p : null;
        }, 30_000);
        List<String> titles = Arrays.stream(fixes).map(ICompletionProposal::getDisplayString).toList();
        assertTrue(titles.contains("Make it const"), titles::toString);
        IDocument doc = document(editor);
        fixes[titles.indexOf("Make it const")].apply(doc);
        assertTrue(doc.get().startsWith("const u32 limit = 4;\n"), doc.get());
        waitUntil("the annotation to go", () -> !annotationRules(editor).contains("HUC-GLOBAL"), 60_000);
    }

    @Test
    void formattingReindentsByBracesAndChangesOnlyWhitespace() throws Exception {
        String messy = HucEditorTest.PROGRAM.replace("    u32 n = 0;", "u32 n = 0;   ").replace("    return n;", "            return n;");
        IFile f = file(project(), "format.huc", messy);
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        assertTrue(org.hyperupcall.ui.editor.HucFormat.format(doc), "there was something to format");
        assertEquals(HucEditorTest.PROGRAM, doc.get());
        assertTrue(!org.hyperupcall.ui.editor.HucFormat.format(doc), "formatting formatted text changes nothing");
    }

    @Test
    void renameChangesEveryUseOfTheSymbolAndRefusesAHelperWithTheServersReason() throws Exception {
        IFile f = file(project(), "rename.huc", "#define LIMIT 4\n" + HucEditorTest.PROGRAM.replace("u32 n = 0;", "u32 n = LIMIT - 4;"));
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        assertTrue(org.hyperupcall.ui.editor.HucRename.rename(doc, doc.get().indexOf("n = LIMIT"), "count") >= 2);
        assertTrue(doc.get().contains("u32 count = LIMIT - 4;") && doc.get().contains("return count;"), doc.get());
        org.hyperupcall.ui.editor.HucRename.rename(doc, doc.get().indexOf("LIMIT - 4"), "BOUND");
        assertTrue(doc.get().startsWith("#define BOUND 4\n") && doc.get().contains("u32 count = BOUND - 4;"), doc.get());
        doc.replace(doc.get().indexOf("return count;"), "return count;".length(), "return hup_vcpu_is_running(count);");
        org.hyperupcall.ui.HucLanguageSession.RenameRefused refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.hyperupcall.ui.HucLanguageSession.RenameRefused.class,
                () -> org.hyperupcall.ui.editor.HucRename.rename(doc, doc.get().indexOf("hup_vcpu_is_running"), "mine"));
        assertTrue(refused.getMessage().contains("hup_vcpu_is_running"), refused.getMessage());
        assertTrue(doc.get().contains("hup_vcpu_is_running(count)"), "nothing changed");
    }

    @Test
    void aChangedHeaderRebuildsTheFilesThatIncludeIt() throws Exception {
        IProject p = project();
        IFile header = file(p, "limits.h", "#define LIMIT 4\n");
        IFile f = file(p, "user.huc", "#include \"limits.h\"\n" + HucEditorTest.PROGRAM.replace("u32 n = 0;", "u32 n = LIMIT - 4;"));
        waitForBuild();
        assertTrue(markers(f).isEmpty(), () -> markers(f).toString());
        header.setContents(new java.io.ByteArrayInputStream("#define LIMIT_RENAMED 4\n".getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        waitForBuild();
        assertTrue(markers(f).stream().anyMatch(m -> m.getAttribute(HucBuilder.RULE, "").equals("HUC-NAME")), () -> markers(f).toString());
    }

    static <T extends Control> T find(Control root, Class<T> type, java.util.function.Predicate<T> which) {
        if (type.isInstance(root) && which.test(type.cast(root))) {
            return type.cast(root);
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                T t = find(child, type, which);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    static String read(IFile f) throws IOException, CoreException {
        try (InputStream in = f.getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
