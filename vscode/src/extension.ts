// Hyperupcall Studio for VS Code: starts the HUC language server (`java -jar huc.jar lsp`, Xtext's
// server over stdio) for *.huc files and offers compile, disassemble and run a scenario, which the
// server executes (workspace/executeCommand: huc.compile, huc.disassemble, huc.run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let extensionPath = '';

/** The Java launcher and the huc jar, as the settings and the environment give them. */
interface Runtime {
  java: string;
  /** JVM options before `-jar` (the Unsafe flag on JDK >= 24, as ./huc passes it). */
  jvmArgs: string[];
  jar: string;
  major: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('Hyperupcall');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('hyperupcall.compile', () => compile()),
    vscode.commands.registerCommand('hyperupcall.disassemble', () => disassemble()),
    vscode.commands.registerCommand('hyperupcall.runScenario', () => runScenario()),
    vscode.commands.registerCommand('hyperupcall.restartServer', () => restartServer()),
    vscode.commands.registerCommand('hyperupcall.verifierLog', (uri: string, fn: string) => showVerifierLog(uri, fn)),
    vscode.commands.registerCommand('hyperupcall.rejectionPath', (uri: string, fn: string) => showRejectionPath(uri, fn)),
    vscode.commands.registerCommand('hyperupcall.runRejection', (uri: string, fn: string) => runRejection(uri, fn)),
    // the "hyperupcall" debugger: huc dap, the same jar and Java as the language server
    vscode.debug.registerDebugAdapterDescriptorFactory('hyperupcall', {
      createDebugAdapterDescriptor: () => {
        const rt = resolveRuntime();
        return rt ? new vscode.DebugAdapterExecutable(rt.java, [...rt.jvmArgs, '-jar', rt.jar, 'dap']) : undefined;
      },
    }),
    vscode.workspace.registerTextDocumentContentProvider(HEADER_SCHEME, { provideTextDocumentContent: (uri) => headerText(uri) }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('hyperupcall.javaHome') || e.affectsConfiguration('hyperupcall.serverJar')
        || e.affectsConfiguration('hyperupcall.debounceMs')) {
        const choice = await vscode.window.showInformationMessage(
          'Hyperupcall: a setting of the language server changed. Restart it?', 'Restart');
        if (choice === 'Restart') await restartServer();
      }
    }),
  );
  await startServer();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}

/**
 * The server's locations in the built-in hyperupcall.h (go to definition of a helper, a context
 * field, a constant) use the URI huc:/hyperupcall.h: its text comes from the server's huc.header
 * command.
 */
const HEADER_SCHEME = 'huc';

async function headerText(uri: vscode.Uri): Promise<string> {
  if (uri.path !== '/hyperupcall.h') return `// ${uri.toString()}: no such document (only huc:/hyperupcall.h)\n`;
  if (client?.isRunning()) {
    try {
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: 'huc.header', arguments: [] });
      if (r && typeof (r as { text?: unknown }).text === 'string') return (r as { text: string }).text;
    } catch (err) {
      output.appendLine(`huc.header: ${String(err)}`);
    }
  }
  return '// hyperupcall.h: the language server is not running (see the Hyperupcall output)\n';
}

async function startServer(): Promise<void> {
  const rt = resolveRuntime();
  if (!rt) return;
  const serverOptions: ServerOptions = {
    command: rt.java,
    // No `transport`: vscode-languageclient would append `--stdio` to the arguments; without it the
    // client talks to the process over its standard input and output all the same.
    args: [...rt.jvmArgs, '-jar', rt.jar, 'lsp'],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'huc' },
      { scheme: 'untitled', language: 'huc' },
    ],
    outputChannel: output,
    middleware: {
      // the server's lenses run its commands, whose answers VS Code would drop: here they open the
      // verifier log or the path to a rejection beside the source, or show where "run it" faults
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) {
          const client = lens.command && SHOWN_COMMANDS[lens.command.command];
          if (lens.command && client) {
            lens.command = { title: lens.command.title, command: client, arguments: lens.command.arguments };
          }
        }
        return lenses;
      },
      // the same for the quick fix "Run it" on a verifier rejection
      provideCodeActions: async (document, range, context, token, next) => {
        const actions = await next(document, range, context, token);
        for (const a of actions ?? []) {
          const command = a instanceof vscode.CodeAction ? a.command : (a as vscode.Command);
          const client = command && SHOWN_COMMANDS[command.command];
          if (command && client) command.command = client;
        }
        return actions;
      },
    },
    // how long the server waits after the last edit before it checks the file again
    initializationOptions: {
      debounceMs: vscode.workspace.getConfiguration('hyperupcall').get<number>('debounceMs', 150),
    },
  };
  client = new LanguageClient('hyperupcall', 'HUC Language Server', serverOptions, clientOptions);
  try {
    await client.start();
    // vscode-languageclient declares the client's capabilities (workspace.executeCommand among
    // them); the server announces its commands only to a client that declares it.
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    output.appendLine(`server: ${rt.java} ${[...rt.jvmArgs, '-jar', rt.jar, 'lsp'].join(' ')} (JDK ${rt.major}); `
      + `commands: ${commands.join(', ') || 'none'}`);
  } catch (err) {
    notStarted(`the language server did not start: ${String(err)}`);
  }
}

/** Why the server is not running: in an error message and in the output channel (its log). */
function notStarted(message: string): void {
  output.appendLine(`server not started: ${message}`);
  void vscode.window.showErrorMessage(`Hyperupcall: ${message}`);
}

async function restartServer(): Promise<void> {
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await startServer();
}

/** Finds java (setting, JAVA_HOME, PATH) and the jar (setting, else the bundled one); checks JDK >= 21. */
function resolveRuntime(): Runtime | undefined {
  const cfg = vscode.workspace.getConfiguration('hyperupcall');
  const javaHome = expand(cfg.get<string>('javaHome', '')) || process.env.JAVA_HOME || '';
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  let java = javaHome ? join(javaHome, 'bin', exe) : findOnPath(exe);
  let major = java && existsSync(java) ? javaMajor(java) : 0;
  if (!javaHome && major < 21) {
    // No JDK named and none >= 21 on the PATH: the newest installed where JDKs usually are.
    const found = installedJdks(exe).map((j) => ({ j, m: javaMajor(j) })).sort((a, b) => b.m - a.m)[0];
    if (found && found.m >= 21) ({ j: java, m: major } = found);
  }
  if (!java || !existsSync(java)) {
    notStarted(
      `no Java found${javaHome ? ` in ${javaHome}` : ''}. Set "hyperupcall.javaHome" to a JDK >= 21.`);
    return undefined;
  }
  if (major < 21) {
    notStarted(
      `${java} is Java ${major || '(unknown version)'}; the server needs a JDK >= 21 ("hyperupcall.javaHome").`);
    return undefined;
  }
  const jarSetting = expand(cfg.get<string>('serverJar', ''));
  const jar = jarSetting || join(extensionPath, 'server', 'huc.jar');
  if (!existsSync(jar)) {
    notStarted(`${jar} does not exist ("hyperupcall.serverJar").`);
    return undefined;
  }
  // Guice (in Xtext) uses sun.misc.Unsafe, which JDK 24+ warns about on every start.
  const jvmArgs = major >= 24 ? ['--sun-misc-unsafe-memory-access=allow'] : [];
  return { java, jvmArgs, jar, major };
}

/** `~` and `${workspaceFolder}` in settings; relative paths against the first workspace folder. */
function expand(p: string | undefined): string {
  if (!p) return '';
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  let s = p.replace(/\$\{workspaceFolder\}/g, ws).replace(/^~(?=$|[\\/])/, homedir());
  if (!isAbsolute(s) && ws) s = join(ws, s);
  return s;
}

function findOnPath(exe: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/** java launchers of the JDKs in the usual places (Debian/Ubuntu/Fedora, macOS, Windows). */
function installedJdks(exe: string): string[] {
  const roots = process.platform === 'darwin'
    ? ['/Library/Java/JavaVirtualMachines']
    : process.platform === 'win32'
      ? [join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Java'), join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Eclipse Adoptium')]
      : ['/usr/lib/jvm'];
  const out: string[] = [];
  for (const root of roots) {
    let names: string[] = [];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const n of names) {
      const home = process.platform === 'darwin' ? join(root, n, 'Contents', 'Home') : join(root, n);
      if (existsSync(join(home, 'bin', exe))) out.push(join(home, 'bin', exe));
    }
  }
  return out;
}

/** The feature release of a java launcher (`java -version` prints `version "25.0.1"` or `"1.8.0_x"`). */
function javaMajor(java: string): number {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15000 });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr ?? ''}${r.stdout ?? ''}`);
  if (!m) return 0;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** The active HUC document (saved first when it is a file, so that the object lands beside what is on disk). */
async function activeHucDocument(): Promise<vscode.TextDocument | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'huc') {
    void vscode.window.showWarningMessage('Hyperupcall: open a .huc file first.');
    return undefined;
  }
  if (!doc.isUntitled && doc.isDirty && !(await doc.save())) return undefined;
  return doc;
}

/**
 * Runs one of the server's commands (`workspace/executeCommand`: huc.compile, huc.disassemble,
 * huc.run) on the document; its JSON result, or undefined after telling the user why not.
 */
async function serverCommand(command: string, args: unknown[]): Promise<Record<string, unknown> | undefined> {
  if (!client?.isRunning()) {
    output.show(true);
    void vscode.window.showErrorMessage(
      'Hyperupcall: the language server is not running (see the Hyperupcall output; "Hyperupcall: Restart Language Server").');
    return undefined;
  }
  try {
    const r = (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as Record<string, unknown> | null;
    if (!r) throw new Error('no result');
    if (typeof r.error === 'string') {
      output.show(true);
      output.appendLine(`${command}: ${r.error}`);
      void vscode.window.showErrorMessage(`Hyperupcall: ${r.error}`);
      return undefined;
    }
    return r;
  } catch (err) {
    output.show(true);
    output.appendLine(`${command}: ${String(err)}`);
    void vscode.window.showErrorMessage(`Hyperupcall: ${command} failed: ${String(err)}`);
    return undefined;
  }
}

function appendDiagnostics(r: Record<string, unknown>): void {
  for (const d of (r.diagnostics as string[] | undefined) ?? []) output.appendLine(d);
}

// The commands go through the language server (workspace/executeCommand): no second JVM.

/** The server's commands whose answers the extension shows, and the extension's commands that show them. */
const SHOWN_COMMANDS: Record<string, string> = {
  'huc.verifierLog': 'hyperupcall.verifierLog',
  'huc.rejectionPath': 'hyperupcall.rejectionPath',
  'huc.runRejection': 'hyperupcall.runRejection',
};

/** The path to an entry point's rejection (the "path to the failure" lens): its jumps and context, as Markdown beside the source. */
async function showRejectionPath(uri: string, fn: string): Promise<void> {
  const r = await serverCommand('huc.rejectionPath', [uri, fn]);
  if (!r) return;
  const doc = await vscode.workspace.openTextDocument({ content: String(r.text ?? ''), language: 'markdown' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** "Run it": the entry point once in the simulator on the context that reaches its rejection; where it faults, in the output and a message. */
async function runRejection(uri: string, fn: string): Promise<void> {
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hyperupcall: running ${fn} on the context that reaches its rejection…` },
    () => serverCommand('huc.runRejection', [uri, fn]));
  if (!r) return;
  output.appendLine(String(r.text ?? ''));
  if (typeof r.fault === 'string') void vscode.window.showWarningMessage(`Hyperupcall: ${String(r.text)}`);
  else void vscode.window.showInformationMessage(`Hyperupcall: ${String(r.text)}`);
}

/** The verifier's per-instruction log of one entry point (the "verifier log" lens), in an editor beside the source. */
async function showVerifierLog(uri: string, fn: string): Promise<void> {
  const r = await serverCommand('huc.verifierLog', [uri, fn]);
  if (!r) return;
  const doc = await vscode.workspace.openTextDocument({ content: String(r.text ?? ''), language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

async function compile(): Promise<void> {
  const doc = await activeHucDocument();
  if (!doc) return;
  const object = doc.isUntitled ? undefined : doc.uri.fsPath.replace(/\.huc$/i, '') + '.o';
  const r = await serverCommand('huc.compile', object ? [doc.uri.toString(), object] : [doc.uri.toString()]);
  if (!r) return;
  output.show(true);
  output.appendLine(`$ huc compile ${basename(doc.uri.fsPath)}`);
  for (const p of (r.programs as { function: string; event: string; instructions: number; limit: number }[] | undefined) ?? []) {
    output.appendLine(`${p.function}: ${p.instructions} instructions (limit ${p.limit}) for ${p.event}`);
  }
  appendDiagnostics(r);
  output.appendLine(r.ok ? (typeof r.object === 'string' ? `compiled: ${r.object}` : 'compiled') : 'huc compile: errors (see above)');
}

async function disassemble(): Promise<void> {
  const doc = await activeHucDocument();
  if (!doc) return;
  const r = await serverCommand('huc.disassemble', [doc.uri.toString()]);
  if (!r) return;
  if (!r.ok) {
    output.show(true);
    output.appendLine(`$ huc compile --emit asm ${basename(doc.uri.fsPath)}`);
    appendDiagnostics(r);
    void vscode.window.showErrorMessage(`Hyperupcall: ${basename(doc.uri.fsPath)} does not compile (see the output).`);
    return;
  }
  const listing = await vscode.workspace.openTextDocument({ content: String(r.text ?? ''), language: 'plaintext' });
  await vscode.window.showTextDocument(listing, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

async function runScenario(): Promise<void> {
  const doc = await activeHucDocument();
  if (!doc) return;
  const scenario = expandScenario(vscode.workspace.getConfiguration('hyperupcall').get<string>('scenario', 'tlb-shootdown'));
  output.show(true);
  output.appendLine(`$ huc run ${basename(doc.uri.fsPath)} --scenario ${scenario}`);
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hyperupcall: simulating ${scenario} without, then with the hyperupcall…` },
    () => serverCommand('huc.run', [doc.uri.toString(), scenario]));
  if (!r) return;
  output.append(String(r.table ?? ''));
  for (const refusal of (r.refusals as string[] | undefined) ?? []) output.appendLine(refusal);
  output.show(true);
}

/** A scenario is a bundled name or a path of a JSON file (relative to the workspace). */
function expandScenario(s: string): string {
  return /\.json$/i.test(s) ? expand(s) : s;
}
