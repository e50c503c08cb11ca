package org.hyperupcall.ui.views;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.Verification;

/**
 * Verifier log: for the entry point under the caret (else the file's first), the verifier's
 * verdict in the default guest and the abstract state at each instruction it followed, as
 * {@code huc verify --log} prints them.
 */
public class VerifierLogView extends HucEditorView {
    public static final String ID = "org.hyperupcall.ui.verifierLogView";
    private StyledText text;
    private Compilation compilation;
    private String shownFunction;

    @Override
    public void createPartControl(Composite parent) {
        text = new StyledText(parent, SWT.READ_ONLY | SWT.H_SCROLL | SWT.V_SCROLL);
        text.setFont(JFaceResources.getTextFont());
        startFollowing();
    }

    @Override
    protected void update(String path, String source) {
        compilation = compile(path, source);
        shownFunction = null;
        if (!compilation.ok() || compilation.programs().isEmpty()) {
            set(compilation.ok() ? "; no entry point (SEC(\"hyperupcall/…\")) in this file"
                    : "; the file does not compile: see the Problems view and the editor's annotations");
            return;
        }
        show(compilation.programs().get(0));
    }

    @Override
    protected void caret(int line) {
        if (compilation == null || !compilation.ok()) {
            return;
        }
        Optional<CompiledProgram> at = compilation.programs().stream()
                .filter(p -> Arrays.stream(p.sourceLines()).anyMatch(l -> l == line)).findFirst();
        at.ifPresent(p -> {
            if (!p.function().equals(shownFunction)) {
                show(p);
            }
        });
    }

    private void show(CompiledProgram p) {
        shownFunction = p.function();
        Verification v = p.verification(GuestLayout.defaults(), true);
        StringBuilder sb = new StringBuilder();
        sb.append("; ").append(p.function()).append(" for ").append(p.event().id()).append(": ")
                .append(v.accepted() ? "accepted" : "rejected").append(", ").append(v.instructions()).append(" instructions (limit ")
                .append(v.limit()).append("), ").append(v.processed()).append(" followed\n");
        for (Diagnostic d : v.diagnostics()) {
            sb.append("; ").append(d.format(p.function())).append('\n');
        }
        sb.append(v.log());
        set(sb.toString());
    }

    private void set(String s) {
        if (!text.isDisposed()) {
            text.setText(s);
        }
    }

    @Override
    protected void clear() {
        set("; open a HUC file: the verifier's log of its entry point shows here");
    }

    /** The text shown now. */
    public String log() {
        return text.getText();
    }

    @Override
    public void setFocus() {
        text.setFocus();
    }
}
