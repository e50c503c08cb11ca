package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TranslationUnit;

/** The inlay hint after each entry point's parameters: its instruction count against its event's limit ("34 / 4096 insns"). */
final class HucInlayHints {
    private HucInlayHints() {
    }

    static List<InlayHint> of(Document document, XtextResource resource) {
        List<InlayHint> out = new ArrayList<>();
        TranslationUnit unit = HucLanguageServerImpl.unit(resource);
        if (unit == null || !resource.getErrors().isEmpty()) {
            return out;
        }
        Compilation c = Compiler.compileCached(resource.getURI().lastSegment(), unit);
        for (Function f : EcoreUtil2.getAllContentsOfType(unit, Function.class)) {
            Optional<CompiledProgram> p = f.getSection() == null ? Optional.empty() : c.program(f.getName());
            if (p.isEmpty()) {
                continue;
            }
            ICompositeNode n = NodeModelUtils.findActualNodeFor(f);
            int at = n == null ? -1 : document.getContents().indexOf(f.getName() + "(", n.getOffset());
            if (at < 0) {
                continue;
            }
            int close = document.getContents().indexOf(')', at);
            Position pos = document.getPosition(close < 0 ? at + f.getName().length() : close + 1);
            int limit = ProgramType.of(p.get().event()).instructionLimit();
            InlayHint hint = new InlayHint(pos, Either.forLeft(" " + p.get().size() + " / " + limit + " insns"));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            out.add(hint);
        }
        return out;
    }
}
