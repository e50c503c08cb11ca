package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.TextEdit;
import org.hyperupcall.ui.HucUi;

/**
 * Content assist from the language server: helpers the enclosing entry point's event allows
 * (with their prototypes and docs), the fields after {@code ->}, locals, constants, guest
 * symbols and keywords. Typing {@code ->} or {@code .} opens it.
 */
public class HucContentAssist implements IContentAssistProcessor {
    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        IDocument d = viewer.getDocument();
        String uri = HucDocuments.uri(d);
        if (uri == null) {
            return new ICompletionProposal[0];
        }
        HucUi.session().sync(uri, d.get());
        int[] word = HucDocuments.word(d, offset);
        int start = word == null || word[0] >= offset ? offset : word[0];
        String prefix = d.get().substring(start, offset);
        List<ICompletionProposal> out = new ArrayList<>();
        for (CompletionItem item : HucUi.session().completion(uri, HucDocuments.position(d, offset))) {
            String insert = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
            int replaceStart = start;
            int replaceLength = offset - start;
            if (item.getTextEdit() != null && item.getTextEdit().isLeft()) {
                TextEdit e = item.getTextEdit().getLeft();
                insert = e.getNewText();
                org.eclipse.jface.text.Position p = HucDocuments.span(d, e.getRange());
                replaceStart = p.offset;
                replaceLength = Math.max(p.length, offset - p.offset);
            }
            if (!prefix.isEmpty() && !item.getLabel().startsWith(prefix) && !insert.startsWith(prefix)) {
                continue;
            }
            String display = item.getLabel() + (item.getDetail() == null || item.getDetail().isEmpty() ? "" : " — " + item.getDetail());
            String doc = item.getDocumentation() == null ? null
                    : item.getDocumentation().isLeft() ? item.getDocumentation().getLeft()
                    : HucDocuments.plain(item.getDocumentation().getRight().getValue());
            out.add(new CompletionProposal(insert, replaceStart, replaceLength, insert.length(), null, display, null, doc));
        }
        return out.toArray(new ICompletionProposal[0]);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] {'>', '.'};
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
