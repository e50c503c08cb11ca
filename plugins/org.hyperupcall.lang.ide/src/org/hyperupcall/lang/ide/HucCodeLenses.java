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
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;

import com.google.gson.JsonPrimitive;

/**
 * A code lens over each entry point ({@code SEC("hyperupcall/...")}), "verifier log": the command
 * {@link HucCommands#VERIFIER_LOG} with the document's URI and the function's name, which answers with
 * the verifier's per-instruction log of that function and its verdict. Over the line an entry point
 * is rejected at, two more ({@link HucRejections}): "path to the failure: line 5 → 9, …; exit_reason
 * = 31" (the command {@link HucRejections#PATH}) and "run it" ({@link HucRejections#RUN}).
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
        Compilation compilation = null;
        for (TopLevel t : unit.getItems()) {
            if (!(t instanceof Function f) || f.getSection() == null || f.getName() == null || f.getBody() == null) {
                continue;
            }
            INode name = HucSymbols.nameNode(f);
            Position start = document.getPosition(name.getOffset());
            Position end = document.getPosition(name.getEndOffset());
            List<Object> args = List.of(new JsonPrimitive(uri), new JsonPrimitive(f.getName()));
            out.add(new CodeLens(new Range(start, end), new Command("verifier log", HucCommands.VERIFIER_LOG, args), null));
            if (compilation == null) {
                compilation = Compiler.compileCached(resource.getURI() == null ? "file.huc" : resource.getURI().lastSegment(), unit);
            }
            compilation.program(f.getName()).flatMap(HucRejections::failure).ifPresent(failure -> {
                Range line = lineRange(document, failure.line());
                out.add(new CodeLens(line, new Command(HucRejections.title(failure), HucRejections.PATH, args), null));
                out.add(new CodeLens(line, new Command("run it", HucRejections.RUN, args), null));
            });
        }
        return out;
    }

    /** The range of a 1-based line's text, without its indentation (the first line when unknown). */
    private static Range lineRange(Document document, int line) {
        String text = document.getContents();
        int start = 0;
        for (int l = 1; l < line && start < text.length(); l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        end = end < 0 ? text.length() : end;
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return new Range(document.getPosition(start), document.getPosition(end));
    }
}
