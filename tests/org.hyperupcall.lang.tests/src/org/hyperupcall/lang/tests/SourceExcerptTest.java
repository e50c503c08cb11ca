package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.lang.SourceDiagnostic;
import org.junit.jupiter.api.Test;

/** The source line under a diagnostic, as huc prints it: a long line shows the part around the column. */
class SourceExcerptTest {
    @Test
    void aShortLineIsShownWholeWithTheCaretUnderTheColumn() {
        assertEquals(List.of("        return x;", "               ^"), SourceDiagnostic.excerpt("\treturn x;", 9, false));
    }

    @Test
    void aTwoMegabyteLineShowsTheCharactersAroundTheColumnNotTheWholeLine() {
        String line = "a".repeat(1_000_000) + "@" + "b".repeat(1_000_000);
        List<String> excerpt = SourceDiagnostic.excerpt(line, 1_000_001, true);
        assertEquals(2, excerpt.size());
        assertTrue(excerpt.get(0).length() <= org.hyperupcall.lang.Limits.MAX_EXCERPT_COLUMNS + 6, excerpt.get(0));
        assertTrue(excerpt.get(0).startsWith("...") && excerpt.get(0).endsWith("..."), excerpt.get(0));
        assertEquals('@', excerpt.get(0).charAt(excerpt.get(1).indexOf('^')), excerpt.toString());
        assertTrue(excerpt.get(1).length() <= excerpt.get(0).length(), excerpt.toString());
    }

    @Test
    void aLongLineErrorAtItsStartOrEndIsCutOnTheOtherSideOnly() {
        String line = "x" + "y".repeat(10_000) + "z";
        List<String> start = SourceDiagnostic.excerpt(line, 1, false);
        assertTrue(start.get(0).startsWith("xyy") && start.get(0).endsWith("..."), start.get(0));
        assertEquals("^", start.get(1));
        List<String> end = SourceDiagnostic.excerpt(line, line.length(), false);
        assertTrue(end.get(0).startsWith("...") && end.get(0).endsWith("yyz"), end.get(0));
        assertEquals('z', end.get(0).charAt(end.get(1).indexOf('^')));
    }
}
