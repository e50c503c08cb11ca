package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrievalExtension;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.debug.core.model.MemoryByte;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTarget;
import org.eclipse.jface.text.TextSelection;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IVerticalRulerInfo;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.debug.HucDebugModel;
import org.hyperupcall.launch.debug.HucLineBreakpoint;
import org.hyperupcall.launch.ui.HucBreakpointPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debug As &gt; Hyperupcall as the user sees it: breakpoints set in the editor or through the
 * breakpoint manager, the stop in the Debug view at the line, the variables of the adapter's scopes,
 * stepping, the memory view of guest memory, faults, terminate.
 */
class DebugTest {
    private static final String TLB = "tlb_shootdown.huc";
    private static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";
    /** The TLB example's merge with a deferred flush. */
    private static final String MERGE = "if (ts->pending_flush_end != 0)";

    private final LinkedBlockingQueue<DebugEvent> events = new LinkedBlockingQueue<>();
    private final IDebugEventSetListener listener = set -> events.addAll(Arrays.asList(set));
    private ILaunch launch;

    @BeforeEach
    void listen() throws CoreException {
        // no dialog asks to switch perspective when the program stops
        DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_perspective_on_suspend", "never");
        DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_to_perspective", "never");
        DebugPlugin.getDefault().getBreakpointManager().removeBreakpoints(
                DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID), true);
        DebugPlugin.getDefault().addDebugEventListener(listener);
    }

    @AfterEach
    void stop() throws Exception {
        DebugPlugin.getDefault().removeDebugEventListener(listener);
        if (launch != null && !launch.isTerminated()) {
            launch.terminate();
        }
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
    }

    @Test
    void theTlbExampleStopsAtItsBreakpointInTheEditorShowsItsLocalsAndContextStepsAndReadsGuestMemory() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        int merge = line(file, MERGE);
        HucLineBreakpoint breakpoint = new HucLineBreakpoint(file, merge);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(IDebugUIConstants.ID_DEBUG_VIEW);

        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);

        IStackFrame frame = thread.getTopStackFrame();
        assertEquals(merge, frame.getLineNumber());
        assertTrue(frame.getName().startsWith("defer_flush [tlb_shootdown, vCPU "), frame.getName());
        assertEquals(List.of(breakpoint), List.of(thread.getBreakpoints()));
        IDebugModelPresentation labels = DebugUITools.newDebugModelPresentation();
        assertEquals("defer_flush (tlb-shootdown) (Suspended: breakpoint at line " + merge + ")", labels.getText(thread));
        assertEquals(TLB + " [line: " + merge + "]", labels.getText(breakpoint));

        // the Debug view shows the frame's source: the file in the HUC editor, the current line marked
        Fixture.waitUntil("the editor shows the stopped line", () -> currentLine(page, file) == merge, Duration.ofSeconds(20));

        Map<String, String> registers = variables(frame, "Registers");
        assertEquals(11, registers.size(), registers::toString);
        Map<String, String> context = variables(frame, "Context");
        int target = Integer.parseInt(context.get("target_vcpu"));
        assertTrue(context.containsKey("flush_start"), context::toString);
        // the source's variables: the local cpu holds the target vCPU; ts points to its struct tlb_state
        Map<String, String> locals = variables(frame, "Locals");
        assertEquals(java.util.List.of("ctx", "cpu", "ts"), java.util.List.copyOf(locals.keySet()), locals::toString);
        assertEquals(Integer.toString(target), locals.get("cpu"));
        IVariable ts = child(scope(frame, "Locals"), "ts");
        assertEquals("struct tlb_state *", ts.getReferenceTypeName());
        assertTrue(values(child(ts, "*ts")).containsKey("pending_flush_end"), "ts expands to the structure it points to");
        Map<String, String> simulator = variables(frame, "Simulator");
        assertEquals("tlb_shootdown", simulator.get("event"));
        assertEquals(Integer.toString(target), simulator.get("vcpu"));
        assertEquals("1", simulator.get("run"));

        // guest memory: the target CPU's struct tlb_state, in the Variables view and in a memory block
        IVariable tlbstate = child(scope(frame, "Guest memory"), "cpu_tlbstate");
        assertEquals("struct tlb_state[64]", tlbstate.getReferenceTypeName());
        Map<String, String> state = values(child(tlbstate, "[" + target + "]"));
        IMemoryBlockExtension block = ((IMemoryBlockRetrievalExtension) thread.getDebugTarget()).getExtendedMemoryBlock("cpu_tlbstate", frame);
        assertEquals(new BigInteger("ffff888002100000", 16), block.getBigBaseAddress());
        MemoryByte[] bytes = block.getBytesFromOffset(BigInteger.valueOf(target * 4096L), 40);
        assertTrue(Arrays.stream(bytes).allMatch(MemoryByte::isReadable), "the 40 bytes of struct tlb_state are readable");
        assertEquals(number(state.get("pending_flush_end")), u64(bytes, 24), "the memory view shows what the variable shows: " + state);
        assertEquals(number(state.get("loaded_mm")), u64(bytes, 0), state::toString);
        IMemoryBlockRetrievalExtension memory = (IMemoryBlockRetrievalExtension) thread.getDebugTarget();
        assertEquals(new BigInteger(Long.toUnsignedString(number(registers.get("r10")))),
                memory.getExtendedMemoryBlock("r10", frame).getBigBaseAddress(), "a register's value as the address");
        assertEquals(BigInteger.valueOf(0x1000), memory.getExtendedMemoryBlock("0x1000", frame).getBigBaseAddress());

        thread.stepOver();
        suspended(thread, DebugEvent.STEP_END);
        int after = thread.getTopStackFrame().getLineNumber();
        assertTrue(after > merge, "step over goes on to a later line: " + after);

        thread.resume();
        suspended(thread, DebugEvent.BREAKPOINT);
        assertEquals(merge, thread.getTopStackFrame().getLineNumber());
        assertEquals("2", variables(thread.getTopStackFrame(), "Simulator").get("run"), "the next event's run");

        thread.getDebugTarget().terminate();
        Fixture.waitUntil("the launch terminates", launch::isTerminated, Duration.ofSeconds(20));
        assertEquals(HucLaunch.EXIT_TERMINATED, launch.getProcesses()[0].getExitValue());
    }

    @Test
    void aBreakpointToggledInTheEditorsRulerStopsTheRunAndTogglingItAgainLetsTheRunFinish() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        int merge = line(file, MERGE);
        ITextEditor editor = openInEditor(file);
        TextSelection onMerge = new TextSelection(editor.getDocumentProvider().getDocument(editor.getEditorInput()),
                editor.getDocumentProvider().getDocument(editor.getEditorInput()).getLineOffset(merge - 1), 0);
        IToggleBreakpointsTarget toggle = DebugUITools.getToggleBreakpointsTargetManager().getToggleBreakpointsTarget(editor, onMerge);
        assertNotNull(toggle, "the editor of a .huc file toggles breakpoints");
        assertTrue(toggle.canToggleLineBreakpoints(editor, onMerge));

        toggle.toggleLineBreakpoints(editor, onMerge);

        IBreakpoint[] set = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID);
        assertEquals(1, set.length);
        assertEquals(file, set[0].getMarker().getResource());
        assertEquals(merge, set[0].getMarker().getAttribute(IMarker.LINE_NUMBER, -1));
        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);
        assertEquals(merge, thread.getTopStackFrame().getLineNumber());

        toggle.toggleLineBreakpoints(editor, onMerge);
        assertEquals(0, DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID).length);
        thread.resume();

        Fixture.waitUntil("the run finishes", launch::isTerminated, Duration.ofSeconds(60));
        assertEquals(0, launch.getProcesses()[0].getExitValue());
        String console = Fixture.consoleText(launch, "shootdowns");
        assertTrue(console.startsWith("debugging /launch-tests/tlb_shootdown.huc in tlb-shootdown: "), console);
        assertTrue(console.matches("(?s).*metric +without +with +ratio\n.*"), "the scenario's table\n" + console);
    }

    @Test
    void aDoubleClickInTheRulerOfTheHucEditorTogglesALineBreakpoint() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        int merge = line(file, MERGE);
        ITextEditor editor = openInEditor(file);
        Fixture.settle();

        doubleClickRuler(editor, merge);

        IBreakpoint[] set = DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID);
        assertEquals(1, set.length, "a breakpoint after the double click");
        assertEquals(file, set[0].getMarker().getResource());
        assertEquals(merge, ((HucLineBreakpoint) set[0]).getLineNumber());

        doubleClickRuler(editor, merge);
        assertEquals(0, DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID).length,
                "none after the second");
    }

    /** A double click in the editor's vertical ruler, on a line, as the mouse sends it. */
    private static void doubleClickRuler(ITextEditor editor, int line) {
        StyledText text = (StyledText) editor.getAdapter(Control.class);
        Control ruler = editor.getAdapter(IVerticalRulerInfo.class).getControl();
        Control column = ruler instanceof Composite c && c.getChildren().length > 0 ? c.getChildren()[0] : ruler;
        Event e = new Event();
        e.button = 1;
        e.x = 2;
        e.y = text.getLinePixel(line - 1) + 2;
        e.count = 1;
        column.notifyListeners(SWT.MouseDown, e);
        column.notifyListeners(SWT.MouseUp, e);
        e.count = 2;
        column.notifyListeners(SWT.MouseDown, e);
        column.notifyListeners(SWT.MouseDoubleClick, e);
        column.notifyListeners(SWT.MouseUp, e);
        Fixture.settle();
    }

    @Test
    void suspendPausesTheRunningProgramAtTheNextInstructionOfAHyperupcall() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        ILaunchConfiguration c = Fixture.configuration("pause " + file.getName(), file.getFullPath().toString(), "tlb-shootdown",
                Map.of(HucLaunch.ATTR_DURATION_MS, "2000"));
        DebugUITools.getPreferenceStore();
        launch = c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        IThread thread = launch.getDebugTarget().getThreads()[0];
        Fixture.waitUntil("the program runs and can be suspended", thread::canSuspend, Duration.ofSeconds(30));
        thread.suspend();
        suspended(thread, DebugEvent.CLIENT_REQUEST);
        assertEquals("pause", ((org.hyperupcall.launch.debug.HucThread) thread).stopReason());
        assertTrue(thread.getTopStackFrame().getLineNumber() >= line(file, "u32 cpu = ctx->target_vcpu;"));
        assertFalse(thread.canSuspend(), "a suspended thread cannot be suspended again");
        thread.resume();
        Fixture.waitUntil("it runs again", thread::canSuspend, Duration.ofSeconds(30));
        launch.getDebugTarget().suspend();
        suspended(thread, DebugEvent.CLIENT_REQUEST);
    }

    @Test
    void aBreakpointInAnInlinedFunctionShowsItsFrameOverItsCallersEachWithItsLocals() throws Exception {
        IFile file = Fixture.write("inlined.huc", """
                #include "hyperupcall.h"
                static inline u32 twice(u32 v)
                {
                    u32 w = v * 2;
                    return w + 1;
                }
                SEC("hyperupcall/tlb_shootdown")
                long f(struct hup_tlb_shootdown_ctx *ctx)
                {
                    u32 a = twice(ctx->target_vcpu);
                    u32 b = a + 3;
                    return b > 1000 ? HUP_DEFAULT : HUP_HANDLED;
                }
                """);
        new HucLineBreakpoint(file, 5);
        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);
        IStackFrame[] frames = thread.getStackFrames();
        assertEquals(2, frames.length, "the inlined function's frame over the entry point's");
        assertEquals("twice [inlined]", frames[0].getName());
        assertEquals(5, frames[0].getLineNumber());
        assertEquals(10, frames[1].getLineNumber(), "the caller at the line of the call");
        String target = variables(frames[1], "Context").get("target_vcpu");
        Map<String, String> callee = variables(frames[0], "Locals");
        assertEquals(Long.toString(Long.parseLong(target) * 2), callee.get("w"), callee::toString);
        Map<String, String> caller = variables(frames[1], "Locals");
        assertTrue(caller.containsKey("ctx") && caller.containsKey("a") && !caller.containsKey("w"), caller::toString);
        thread.stepReturn();
        suspended(thread, DebugEvent.STEP_END);
        assertEquals(1, thread.getStackFrames().length, "back in the entry point");
    }

    @Test
    void breakpointsAddedAndRemovedWhileStoppedAreTheOnesTheRunStopsAtNext() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        HucLineBreakpoint first = new HucLineBreakpoint(file, line(file, "u32 cpu = ctx->target_vcpu;"));
        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);
        assertEquals("1", variables(thread.getTopStackFrame(), "Simulator").get("run"));

        first.delete();
        int merge = line(file, MERGE);
        new HucLineBreakpoint(file, merge);
        thread.resume();

        suspended(thread, DebugEvent.BREAKPOINT);
        assertEquals(merge, thread.getTopStackFrame().getLineNumber());
        assertEquals("1", variables(thread.getTopStackFrame(), "Simulator").get("run"), "in the same run, not the next one's first line");
    }

    @Test
    void aConditionalBreakpointStopsWhereItHoldsAndARefusedConditionIsReportedInTheConsole() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        new HucLineBreakpoint(file, line(file, "u32 cpu = ctx->target_vcpu;")).setCondition("ctx.no_such_field == 1");
        HucLineBreakpoint merge = new HucLineBreakpoint(file, line(file, MERGE));
        merge.setCondition("ctx.target_vcpu == 3");
        assertEquals(TLB + " [line: " + merge.getLineNumber() + "] if ctx.target_vcpu == 3",
                DebugUITools.newDebugModelPresentation().getText(merge));

        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);

        assertEquals(merge.getLineNumber(), thread.getTopStackFrame().getLineNumber());
        assertEquals("3", variables(thread.getTopStackFrame(), "Context").get("target_vcpu"));
        String console = Fixture.consoleText(launch, "breakpoint not placed");
        assertTrue(console.contains(TLB + ":" + line(file, "u32 cpu = ctx->target_vcpu;") + ": breakpoint not placed: ")
                && console.contains("no field 'no_such_field'"), console);
    }

    @Test
    void theConditionPageOfABreakpointSetsTheConditionTheBreakpointsViewShows() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        HucLineBreakpoint b = new HucLineBreakpoint(file, line(file, MERGE));
        Shell shell = new Shell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        try {
            HucBreakpointPage page = new HucBreakpointPage();
            page.setElement(b);
            page.createControl(shell);
            Text condition = texts(shell).get(0);
            assertEquals("", condition.getText());
            condition.setText("  ctx.target_vcpu == 5 ");

            assertTrue(page.performOk());
        } finally {
            shell.dispose();
        }
        assertEquals("ctx.target_vcpu == 5", b.getCondition());
        assertEquals(TLB + " [line: " + b.getLineNumber() + "] if ctx.target_vcpu == 5", DebugUITools.newDebugModelPresentation().getText(b));
    }

    private static List<Text> texts(Composite c) {
        List<Text> out = new java.util.ArrayList<>();
        for (Control child : c.getChildren()) {
            if (child instanceof Text t) {
                out.add(t);
            } else if (child instanceof Composite inner) {
                out.addAll(texts(inner));
            }
        }
        return out;
    }

    @Test
    void aHyperupcallThatFaultsStopsAtTheFaultingLineWithTheFaultsMessage() throws Exception {
        IFile file = Fixture.write("too_long.huc", """
                #include "hyperupcall.h"

                extern u8 cpu_tlbstate[];

                SEC("hyperupcall/tlb_shootdown")
                long trace_too_much(struct hup_tlb_shootdown_ctx *ctx)
                {
                    hup_trace(cpu_tlbstate, 70000);
                    return HUP_HANDLED;
                }
                """);

        IThread thread = debug(file, "tlb-shootdown");
        suspended(thread, DebugEvent.BREAKPOINT);

        assertEquals(8, thread.getTopStackFrame().getLineNumber());
        String label = DebugUITools.newDebugModelPresentation().getText(thread);
        assertTrue(label.startsWith("trace_too_much (tlb-shootdown) (Suspended: fault: ") && label.contains("length 70000 is over 65536 bytes"),
                label);
    }

    @Test
    void aProgramTheDebuggerCannotRunInItsScenarioFailsWithTheReasonAndLeavesNoLaunch() throws Exception {
        IFile file = Fixture.copyExample(TLB);
        ILaunchConfiguration c = Fixture.configuration("debug tlb in tracing", file.getFullPath().toString(), "tracing", Map.of());

        CoreException e = assertThrows(CoreException.class, () -> c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor()));

        assertTrue(e.getStatus().getMessage().endsWith("has no entry point for the events of scenario tracing"), e.getStatus().getMessage());
        assertTrue(Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).noneMatch(l -> c.equals(l.getLaunchConfiguration())),
                "no launch was left behind");
    }

    // ---------------------------------------------------------------- helpers

    /** The file in the editor the HUC editor is (the generic editor). */
    private static ITextEditor openInEditor(IFile file) throws Exception {
        return (ITextEditor) IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), file, GENERIC_EDITOR);
    }

    /** Launches the file in debug mode in a scenario and returns the session's thread. */
    private IThread debug(IFile file, String scenario) throws Exception {
        ILaunchConfiguration c = Fixture.configuration("debug " + file.getName(), file.getFullPath().toString(), scenario, Map.of());
        DebugUITools.getPreferenceStore(); // the debug UI (its console manager) is up before the launch
        launch = c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        IDebugTarget target = launch.getDebugTarget();
        assertNotNull(target, "a debug target");
        assertEquals(HucDebugModel.MODEL_ID, target.getModelIdentifier());
        assertEquals(1, target.getThreads().length);
        return target.getThreads()[0];
    }

    /** Waits for the thread's next suspend event, with this detail. */
    private void suspended(IThread thread, int detail) {
        DebugEvent[] found = new DebugEvent[1];
        Fixture.waitUntil("the thread suspends", () -> {
            DebugEvent e;
            while (found[0] == null && (e = events.poll()) != null) {
                if (e.getSource() == thread && e.getKind() == DebugEvent.SUSPEND) {
                    found[0] = e;
                }
            }
            return found[0] != null;
        }, Duration.ofSeconds(60));
        assertEquals(detail, found[0].getDetail(), "the suspend event's detail");
        assertTrue(thread.isSuspended());
    }

    private static IVariable scope(IStackFrame frame, String prefix) throws Exception {
        return Arrays.stream(frame.getVariables()).filter(v -> name(v).startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no scope " + prefix));
    }

    private static Map<String, String> variables(IStackFrame frame, String scope) throws Exception {
        return values(scope(frame, scope));
    }

    private static Map<String, String> values(IVariable v) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (IVariable c : v.getValue().getVariables()) {
            out.put(c.getName(), c.getValue().getValueString());
        }
        return out;
    }

    private static IVariable child(IVariable v, String name) throws Exception {
        return Arrays.stream(v.getValue().getVariables()).filter(c -> name(c).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + name(v)));
    }

    private static String name(IVariable v) {
        try {
            return v.getName();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The leading decimal of a value as the adapter shows it ("1234 (0x4d2)"), as a 64-bit pattern. */
    private static long number(String value) {
        return new BigInteger(value.split(" ")[0]).longValue();
    }

    private static long u64(MemoryByte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            b.put(bytes[offset + i].getValue());
        }
        return b.getLong(0);
    }

    /** The 1-based line of the file's first line containing the text. */
    private static int line(IFile file, String text) throws Exception {
        String[] lines = new String(file.getContents().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " has no line with " + text);
    }

    /** The line of the debugger's current-instruction annotation in the file's open editor, or -1. */
    private static int currentLine(IWorkbenchPage page, IFile file) {
        IEditorPart part = page.findEditor(new org.eclipse.ui.part.FileEditorInput(file));
        if (!(part instanceof ITextEditor editor)) {
            return -1;
        }
        IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        if (model == null) {
            return -1;
        }
        for (var it = model.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            if (a.getType().equals("org.eclipse.debug.ui.currentIP")) {
                try {
                    return editor.getDocumentProvider().getDocument(editor.getEditorInput()).getLineOfOffset(model.getPosition(a).getOffset()) + 1;
                } catch (org.eclipse.jface.text.BadLocationException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
