package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codelens.ICodeLensService;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;

import com.google.gson.JsonPrimitive;

/**
 * A code lens over each entry point ({@code SEC("hyperupcall/...")}), "verifier log": the command
 * {@link HucCommands#VERIFIER_LOG} with the document's URI and the function's name, which answers with
 * the verifier's per-instruction log of that function and its verdict.
 */
public class HucCodeLenses implements ICodeLensService {
    @Override
    public List<? extends CodeLens> computeCodeLenses(Document document, XtextResource resource, CodeLensParams params,
            CancelIndicator cancelIndicator) {
        List<CodeLens> out = new ArrayList<>();
        TranslationUnit unit = HucLanguageServerImpl.unit(resource);
        if (unit == null) {
            return out;
        }
        String uri = params.getTextDocument().getUri();
        for (TopLevel t : unit.getItems()) {
            if (!(t instanceof Function f) || f.getSection() == null || f.getName() == null || f.getBody() == null) {
                continue;
            }
            INode name = HucSymbols.nameNode(f);
            Position start = document.getPosition(name.getOffset());
            Position end = document.getPosition(name.getEndOffset());
            Command c = new Command("verifier log", HucCommands.VERIFIER_LOG,
                    List.of(new JsonPrimitive(uri), new JsonPrimitive(f.getName())));
            out.add(new CodeLens(new Range(start, end), c, null));
        }
        return out;
    }
}
