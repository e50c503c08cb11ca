package org.hyperupcall.ui.editor;

import java.util.Set;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.NumberRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WhitespaceRule;
import org.eclipse.jface.text.rules.WordRule;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;

/**
 * Colours of HUC: C keywords, the integer types, preprocessor lines, numbers, comments and strings,
 * and besides them what the ABI defines (hyperupcall.h): helpers, constants and the SEC macro
 * each in their own colour, so a misspelled helper stands out before the diagnostics arrive.
 */
public class HucPresentationReconciler extends PresentationReconciler {
    static final Set<String> KEYWORDS = Set.of("if", "else", "for", "while", "do", "switch", "case", "default", "break", "continue",
            "return", "goto", "sizeof", "struct", "union", "enum", "typedef", "extern", "static", "inline", "const", "volatile",
            "register", "restrict", "true", "false", "NULL");
    static final Set<String> TYPES = Set.of("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "bool", "void", "int", "long", "char",
            "short", "unsigned", "signed", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
            "size_t", "__u8", "__u16", "__u32", "__u64");

    private static TextAttribute color(int r, int g, int b, int style) {
        return new TextAttribute(new Color(new RGB(r, g, b)), null, style);
    }

    public HucPresentationReconciler() {
        setDocumentPartitioning(HucPartitions.PARTITIONING);
        DefaultDamagerRepairer code = new DefaultDamagerRepairer(codeScanner());
        setDamager(code, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(code, IDocument.DEFAULT_CONTENT_TYPE);
        DefaultDamagerRepairer comment = new DefaultDamagerRepairer(single(color(0x3f, 0x7f, 0x5f, SWT.NONE)));
        setDamager(comment, HucPartitions.COMMENT);
        setRepairer(comment, HucPartitions.COMMENT);
        DefaultDamagerRepairer string = new DefaultDamagerRepairer(single(color(0x2a, 0x00, 0xff, SWT.NONE)));
        setDamager(string, HucPartitions.STRING);
        setRepairer(string, HucPartitions.STRING);
    }

    private static RuleBasedScanner single(TextAttribute a) {
        RuleBasedScanner s = new RuleBasedScanner();
        s.setDefaultReturnToken(new Token(a));
        return s;
    }

    private static RuleBasedScanner codeScanner() {
        IToken keyword = new Token(color(0x7f, 0x00, 0x55, SWT.BOLD));
        IToken type = new Token(color(0x00, 0x55, 0x7f, SWT.BOLD));
        IToken helper = new Token(color(0x80, 0x40, 0x00, SWT.ITALIC));
        IToken constant = new Token(color(0x00, 0x00, 0xc0, SWT.ITALIC));
        IToken macro = new Token(color(0x64, 0x64, 0x64, SWT.BOLD));
        IToken number = new Token(color(0x09, 0x86, 0x58, SWT.NONE));
        IToken other = new Token(null);
        WordRule words = new WordRule(new IWordDetector() {
            @Override
            public boolean isWordStart(char c) {
                return Character.isJavaIdentifierStart(c);
            }

            @Override
            public boolean isWordPart(char c) {
                return Character.isJavaIdentifierPart(c);
            }
        }, other);
        KEYWORDS.forEach(k -> words.addWord(k, keyword));
        TYPES.forEach(t -> words.addWord(t, type));
        for (HelperSpec h : Helpers.all()) {
            words.addWord(h.name(), helper);
        }
        for (Constants.Constant c : Constants.ALL) {
            words.addWord(c.name(), constant);
        }
        words.addWord("SEC", macro);
        RuleBasedScanner s = new RuleBasedScanner();
        s.setRules(new IRule[] {
            new EndOfLineRule("#", macro),
            new WhitespaceRule(Character::isWhitespace),
            new NumberRule(number),
            words,
        });
        return s;
    }
}
