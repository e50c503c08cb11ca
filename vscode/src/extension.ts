// Hyperupcall Studio for VS Code: starts the HUC language server (`java -jar huc.jar lsp`, Xtext's
// server over stdio) for *.huc files and offers the command line's compile, disassemble and run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
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
 * command, or from `huc abi --header` while no server runs.
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
  const rt = resolveRuntime();
  if (!rt) return '// hyperupcall.h: no Java runtime to ask (see "hyperupcall.javaHome")\n';
  const r = await runHuc(rt, ['abi', '--header'], extensionPath);
  return r.code === 0 ? r.stdout : `// huc abi --header failed (exit ${r.code}):\n// ${r.stderr.split('\n').join('\n// ')}\n`;
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
    // how long the server waits after the last edit before it checks the file again
    initializationOptions: {
      debounceMs: vscode.workspace.getConfiguration('hyperupcall').get<number>('debounceMs', 150),
    },
  };
  client = new LanguageClient('hyperupcall', 'HUC Language Server', serverOptions, clientOptions);
  try {
    await client.start();
    output.appendLine(`server: ${rt.java} ${[...rt.jvmArgs, '-jar', rt.jar, 'lsp'].join(' ')} (JDK ${rt.major})`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Hyperupcall: the language server did not start: ${String(err)}`);
  }
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
    void vscode.window.showErrorMessage(
      `Hyperupcall: no Java found${javaHome ? ` in ${javaHome}` : ''}. Set "hyperupcall.javaHome" to a JDK >= 21.`);
    return undefined;
  }
  if (major < 21) {
    void vscode.window.showErrorMessage(
      `Hyperupcall: ${java} is Java ${major || '(unknown version)'}; the server needs a JDK >= 21 ("hyperupcall.javaHome").`);
    return undefined;
  }
  const jarSetting = expand(cfg.get<string>('serverJar', ''));
  const jar = jarSetting || join(extensionPath, 'server', 'huc.jar');
  if (!existsSync(jar)) {
    void vscode.window.showErrorMessage(`Hyperupcall: ${jar} does not exist ("hyperupcall.serverJar").`);
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

/** The active HUC file, saved (the command line reads it from disk). */
async function activeHucFile(): Promise<string | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'huc') {
    void vscode.window.showWarningMessage('Hyperupcall: open a .huc file first.');
    return undefined;
  }
  if (doc.isUntitled) {
    void vscode.window.showWarningMessage('Hyperupcall: save the file first.');
    return undefined;
  }
  if (doc.isDirty && !(await doc.save())) return undefined;
  return doc.uri.fsPath;
}

/** Runs `java -jar huc.jar ARGS` in the file's folder; its output goes to the output channel. */
function runHuc(rt: Runtime, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(rt.java, [...rt.jvmArgs, '-jar', rt.jar, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: -1, stdout, stderr: `${stderr}${String(err)}\n` }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// The commands below run the command line; executeCommand versions in the server come later.

async function compile(): Promise<void> {
  const file = await activeHucFile();
  const rt = file && resolveRuntime();
  if (!file || !rt) return;
  output.show(true);
  output.appendLine(`$ huc compile ${basename(file)}`);
  const r = await runHuc(rt, ['compile', file], dirname(file));
  output.append(r.stdout + r.stderr);
  output.appendLine(r.code === 0 ? `compiled: ${file.replace(/\.huc$/, '.o')}` : `huc compile: exit ${r.code}`);
}

async function disassemble(): Promise<void> {
  const file = await activeHucFile();
  const rt = file && resolveRuntime();
  if (!file || !rt) return;
  const r = await runHuc(rt, ['compile', '--emit', 'asm', '-q', file], dirname(file));
  if (r.code !== 0) {
    output.show(true);
    output.appendLine(`$ huc compile --emit asm ${basename(file)}`);
    output.append(r.stdout + r.stderr);
    void vscode.window.showErrorMessage(`Hyperupcall: ${basename(file)} does not compile (see the output).`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: r.stdout, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

async function runScenario(): Promise<void> {
  const file = await activeHucFile();
  const rt = file && resolveRuntime();
  if (!file || !rt) return;
  const scenario = vscode.workspace.getConfiguration('hyperupcall').get<string>('scenario', 'tlb-shootdown');
  // A terminal: huc run prints a progress line there, and its table reads best in a monospace grid.
  const terminal = vscode.window.createTerminal({
    name: `huc run ${basename(file)} (${scenario})`,
    cwd: dirname(file),
    shellPath: rt.java,
    shellArgs: [...rt.jvmArgs, '-jar', rt.jar, 'run', file, '--scenario', expandScenario(scenario)],
  });
  terminal.show();
}

/** A scenario is a bundled name or a path of a JSON file (relative to the workspace). */
function expandScenario(s: string): string {
  return /\.json$/i.test(s) ? expand(s) : s;
}
