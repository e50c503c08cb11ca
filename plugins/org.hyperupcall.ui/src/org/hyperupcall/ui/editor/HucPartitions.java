package org.hyperupcall.ui.editor;

import org.eclipse.core.filebuffers.IDocumentSetupParticipant;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension3;
import org.eclipse.jface.text.IDocumentPartitioner;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.FastPartitioner;
import org.eclipse.jface.text.rules.IPredicateRule;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedPartitionScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;

/**
 * The partitions of a HUC document: comments, strings and character literals apart from code, so
 * a {@code /*} typed far above recolours everything after it. Installed on every HUC document
 * (file buffers' documentSetup).
 */
public final class HucPartitions implements IDocumentSetupParticipant {
    public static final String PARTITIONING = "__huc_partitioning";
    public static final String COMMENT = "__huc_comment";
    public static final String STRING = "__huc_string";
    public static final String[] TYPES = {COMMENT, STRING};

    @Override
    public void setup(IDocument document) {
        if (document instanceof IDocumentExtension3 d3 && d3.getDocumentPartitioner(PARTITIONING) == null) {
            RuleBasedPartitionScanner scanner = new RuleBasedPartitionScanner();
            Token comment = new Token(COMMENT);
            Token string = new Token(STRING);
            scanner.setPredicateRules(new IPredicateRule[] {
                new EndOfLineRule("//", comment),
                new MultiLineRule("/*", "*/", comment, (char) 0, true),
                new SingleLineRule("\"", "\"", string, '\\'),
                new SingleLineRule("'", "'", string, '\\'),
            });
            IDocumentPartitioner p = new FastPartitioner(scanner, TYPES);
            d3.setDocumentPartitioner(PARTITIONING, p);
            p.connect(document);
        }
    }
}
