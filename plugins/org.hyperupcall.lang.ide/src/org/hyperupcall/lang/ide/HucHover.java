package org.hyperupcall.lang.ide;

import java.util.Optional;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.compiler.Typing;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TranslationUnit;

/**
 * Hover: helpers (prototype, what they do, which events allow them), members of the context and of
 * guest structures (of the structure the compiler types the left of {@code .} or {@code ->} with),
 * constants and return codes of hyperupcall.h, guest symbols, and on an entry point's name its
 * instruction count against its event's limit; below, anywhere on a line with code, what the
 * verifier knows after it ({@link HucVerifierHover}).
 */
public class HucHover extends HoverService {
    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancelIndicator) {
        String text = document.getContents();
        int offset;
        try {
            offset = document.getOffSet(params.getPosition());
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
        int[] w = HucAbiNames.wordAt(text, offset);
        TranslationUnit unit = HucLanguageServerImpl.unit(resource);
        String word = w == null ? null : text.substring(w[0], w[1]);
        String markdown = w == null ? null : describe(text, word, w[0], unit, resource);
        String verifier = unit == null ? null
                : HucVerifierHover.section(Compiler.compileCached(file(resource), unit), text, document.getPosition(offset).getLine() + 1,
                        w == null ? null : variable(unit, w[0]));
        if (markdown == null && verifier == null) {
            return super.hover(document, resource, params, cancelIndicator);
        }
        String all = markdown == null ? verifier : verifier == null ? markdown : markdown + "\n\n---\n\n" + verifier;
        Range range;
        if (w != null) {
            range = new Range(document.getPosition(w[0]), document.getPosition(w[1]));
        } else {
            // the hovered line's code, without its indentation
            int start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
            int end = text.indexOf('\n', offset);
            end = end < 0 ? text.length() : end;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            range = new Range(document.getPosition(start), document.getPosition(Math.max(start, end)));
        }
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, all), range);
    }

    private static String file(XtextResource resource) {
        return resource.getURI() == null || resource.getURI().lastSegment() == null ? "file.huc" : resource.getURI().lastSegment();
    }

    /** The local variable or parameter whose name is at offset, or null. */
    private static String variable(TranslationUnit unit, int offset) {
        HucSymbols.Occurrence o = new HucSymbols().at(unit, offset);
        return o != null && o.symbol() != null && (o.symbol().kind() == HucSymbols.Kind.LOCAL || o.symbol().kind() == HucSymbols.Kind.PARAMETER)
                ? o.symbol().name() : null;
    }

    private static String describe(String text, String word, int start, TranslationUnit unit, XtextResource resource) {
        Optional<Event> event = HucAbiNames.eventAt(unit, text, start);
        HucSymbols.Occurrence o = unit == null ? null : new HucSymbols().at(unit, start);
        if (o != null && o.symbol() != null && o.symbol().kind() == HucSymbols.Kind.ABI_FIELD) {
            // a member of a structure of hyperupcall.h, in the structure the compiler types its left side with
            Optional<Struct> s = Typing.abiStruct(HucSymbols.abiStructOf(o.symbol()));
            Optional<Field> f = s.flatMap(x -> x.field(word));
            if (f.isPresent()) {
                return HucAbiNames.describe(s.get(), f.get());
            }
        }
        Optional<HelperSpec> h = Helpers.byName(word);
        if (h.isPresent()) {
            HelperSpec spec = h.get();
            String allowed = spec.localOnly() ? "local events only (" + String.join(", ",
                    java.util.Arrays.stream(Event.values()).filter(e -> !e.isGlobal()).map(Event::id).toList()) + ")" : "every event";
            String here = event.isPresent() && spec.localOnly() && event.get().isGlobal()
                    ? "\n\n**Not allowed in " + event.get().id() + "** (a global event)." : "";
            return "```c\n" + spec.prototype() + "\n```\n" + spec.doc() + "\n\nHelper " + spec.id() + ", allowed in " + allowed + "." + here;
        }
        Optional<String> c = HucAbiNames.constant(word);
        if (c.isPresent()) {
            return c.get();
        }
        Optional<GuestLayout.Symbol> sym = GuestLayout.defaults().symbol(word);
        if (sym.isPresent()) {
            GuestLayout.Symbol s = sym.get();
            return String.format("guest symbol `%s` at 0x%x, %d bytes, %s: %s", s.name(), s.address(), s.size(),
                    s.writable() ? "writable" : "read-only", s.doc());
        }
        Function f = HucAbiNames.functionAt(unit, start);
        if (f != null && f.getSection() != null && word.equals(f.getName())) {
            Compilation comp = Compiler.compileCached(file(resource), unit);
            Optional<CompiledProgram> p = comp.program(word);
            if (p.isPresent()) {
                int limit = ProgramType.of(p.get().event()).instructionLimit();
                return String.format("entry point for **%s**: %d instructions (limit %d)", p.get().event().id(), p.get().size(), limit);
            }
            return "entry point: does not compile yet";
        }
        return null;
    }
}
