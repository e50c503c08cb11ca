// Protocol test of the HUC language server (`huc lsp`): spawns it, speaks LSP over its stdio as an
// editor would, and checks capabilities, diagnostics (rules, compiler, verifier), the usual
// requests, robustness (unknown method, malformed message) and shutdown; it measures the latency
// from an edit to its diagnostics.
//
// Server: HUC_LSP_COMMAND (a shell command line, e.g. "../huc lsp") or, by default,
// `java -jar ../dist/target/huc.jar lsp` with java from JAVA_HOME or the PATH.
// HUC_LSP_LATENCY_ASSERT=1 turns the latency figures into assertions (median < 50 ms, p99 < 150 ms).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..');

// --- the server process -------------------------------------------------------------------------

function serverCommand() {
  if (process.env.HUC_LSP_COMMAND) {
    return { command: process.env.HUC_LSP_COMMAND, args: [], shell: true };
  }
  const jar = resolve(extRoot, '..', 'dist', 'target', 'huc.jar');
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: build it (./build/mvn -B verify) or set HUC_LSP_COMMAND`);
  }
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const v = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${v.stderr}${v.stdout}`);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 21) {
    throw new Error(`${java} is Java ${major || '(not found)'}: set JAVA_HOME to a JDK >= 21 (or HUC_LSP_COMMAND)`);
  }
  const jvm = major >= 24 ? ['--sun-misc-unsafe-memory-access=allow'] : [];
  return { command: java, args: [...jvm, '-jar', jar, 'lsp'], shell: false };
}

/** A running server and a protocol connection to it; diagnostics are collected per URI. */
class Server {
  constructor() {
    const { command, args, shell } = serverCommand();
    this.proc = spawn(command, args, { cwd: extRoot, shell, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d.toString(); });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    this.exitCode = undefined;
    this.exited.then((e) => { this.exitCode = e; });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map();   // uri -> latest diagnostics
    this.waiters = [];              // { uri, resolve }
    this.listeners = new Set();      // (params) => void, for every publishDiagnostics
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const l of this.listeners) l(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri);
      this.waiters = this.waiters.filter((w) => w.uri !== p.uri);
      for (const w of ready) w.resolve(p.diagnostics);
    });
    // Requests from the server (workspace/configuration, client/registerCapability, ...): answer null.
    this.conn.onRequest(() => null);
    this.conn.onError(() => undefined);
    this.conn.onClose(() => undefined);
    this.conn.listen();
  }

  /** The next publishDiagnostics for uri (registered before the edit that causes it). */
  nextDiagnostics(uri, timeoutMs = 30000) {
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no diagnostics for ${uri} in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, resolve: (d) => { clearTimeout(t); res(d); } });
    });
  }

  request(method, params, timeoutMs = 30000) {
    let t;
    const timeout = new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${method}: no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.conn.sendRequest(method, params), timeout]).finally(() => clearTimeout(t));
  }

  notify(method, params) {
    return this.conn.sendNotification(method, params);
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri, text) {
    const diags = this.nextDiagnostics(uri);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'huc', version: 1, text } });
    return diags;
  }

  alive() {
    return this.exitCode === undefined;
  }

  kill() {
    if (this.alive()) this.proc.kill('SIGKILL');
  }
}

// --- HUC sources ----------------------------------------------------------------------------------

const LOOP_AND_FUNCPTR = `#include "hyperupcall.h"

SEC("hyperupcall/vm_exit")
long bad_rules(struct hup_vm_exit_ctx *ctx)
{
    u64 n = ctx->vcpu;
    long (*fp)(u32);
    while (n > 1)
        n = n / 2;
    return HUP_DEFAULT;
}
`;

function overLimit(lines) {
  const body = Array.from({ length: lines }, () => '    s = s * 3 + ctx->vcpu;').join('\n');
  return `#include "hyperupcall.h"

SEC("hyperupcall/vm_exit")
long too_long(struct hup_vm_exit_ctx *ctx)
{
    u64 s = ctx->exit_reason;
${body}
    return s & 1;
}
`;
}

const MEM_BOUNDS = `#include "hyperupcall.h"

SEC("hyperupcall/vm_exit")
long peek(struct hup_vm_exit_ctx *ctx)
{
    u64 v = *(u64 *) ctx->guest_rip;
    return v & 1;
}
`;

// A correct file: one entry point (line 9) and a helper; used for completion, hover and symbols.
const GOOD = `#include "hyperupcall.h"

static inline u64 twice(u64 x)
{
    return x * 2;
}

SEC("hyperupcall/vm_exit")
long trace_it(struct hup_vm_exit_ctx *ctx)
{
    u64 t = hup_ktime_ns();
    u64 r = twice(ctx->exit_reason);

    return HUP_DEFAULT;
}
`;
const GOOD_STMT_LINE = 13;      // the empty line before the return (0-based)
const GOOD_HELPER_CALL = { line: 10, character: 14 };   // inside "hup_ktime_ns"

/** A file of about `lines` lines: many static inline helpers and one entry point calling a few. */
function bigFile(lines) {
  const out = ['#include "hyperupcall.h"', ''];
  let n = 0;
  while (out.length < lines - 12) {
    out.push(`static inline u64 mix${n}(u64 a, u64 b)`, '{', `    u64 c = a * ${2 * n + 3} + b;`,
      `    c = c ^ (c >> ${(n % 13) + 1});`, '    return c + a;', '}', '');
    n++;
  }
  out.push('SEC("hyperupcall/vm_exit")', 'long entry(struct hup_vm_exit_ctx *ctx)', '{',
    '    u64 s = ctx->exit_reason;',
    `    s = mix0(s, ctx->vcpu);`, `    s = mix${n >> 1}(s, ctx->tsc);`, `    s = mix${n - 1}(s, 7);`,
    '    return s & 1;', '}');
  return { text: out.join('\n') + '\n', helpers: n };
}

const codes = (diags) => diags.map((d) => d.code);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// --- the tests ----------------------------------------------------------------------------------

describe('huc lsp', { timeout: 300000 }, () => {
  let server;
  let initResult;
  const dir = mkdtempSync(join(tmpdir(), 'huc-lsp-'));
  const uri = (name) => pathToFileURL(join(dir, name)).href;

  /** A started and initialized server (initializationOptions: e.g. { debounceMs: 0 }). */
  async function startServer(initializationOptions) {
    const s = new Server();
    const result = await s.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'huc-lsp' }],
      initializationOptions,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          completion: { completionItem: { snippetSupport: false } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
          foldingRange: { lineFoldingOnly: true },
        },
        workspace: { workspaceFolders: true, executeCommand: { dynamicRegistration: false } },
      },
    }, 120000);
    await s.notify('initialized', {});
    return { s, result };
  }

  before(async () => {
    // the default debounce of diagnostics after an edit (150 ms)
    ({ s: server, result: initResult } = await startServer(undefined));
  });

  after(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('initialize announces the capabilities', () => {
    const c = initResult.capabilities;
    assert.ok(c.completionProvider, 'completionProvider');
    assert.ok(c.hoverProvider, 'hoverProvider');
    assert.ok(c.definitionProvider, 'definitionProvider');
    assert.ok(c.semanticTokensProvider, 'semanticTokensProvider');
    assert.ok(c.documentSymbolProvider, 'documentSymbolProvider');
    assert.ok(c.referencesProvider, 'referencesProvider');
    assert.equal(c.renameProvider?.prepareProvider, true, `renameProvider ${JSON.stringify(c.renameProvider)}`);
    assert.ok(c.foldingRangeProvider, 'foldingRangeProvider');
  });

  test('diagnostics: unbounded while loop (HUC-LOOP) and function pointer (HUC-FUNCPTR)', async () => {
    const diags = await server.open(uri('rules.huc'), LOOP_AND_FUNCPTR);
    const loop = diags.find((d) => d.code === 'HUC-LOOP');
    const fp = diags.find((d) => d.code === 'HUC-FUNCPTR');
    assert.ok(loop, `HUC-LOOP in ${JSON.stringify(codes(diags))}`);
    assert.ok(fp, `HUC-FUNCPTR in ${JSON.stringify(codes(diags))}`);
    assert.equal(loop.range.start.line, 7);
    assert.equal(fp.range.start.line, 6);
    assert.equal(loop.severity, 1);
  });

  test('diagnostics: an entry point over 4096 instructions (HUC-INSN-LIMIT)', async () => {
    const diags = await server.open(uri('long.huc'), overLimit(1400));
    assert.ok(diags.some((d) => d.code === 'HUC-INSN-LIMIT'), `HUC-INSN-LIMIT in ${JSON.stringify(codes(diags))}`);
  });

  test('diagnostics: the verifier rejects an unchecked guest read (HUV-MEM-BOUNDS)', async () => {
    const diags = await server.open(uri('peek.huc'), MEM_BOUNDS);
    const d = diags.find((x) => x.code === 'HUV-MEM-BOUNDS');
    assert.ok(d, `HUV-MEM-BOUNDS in ${JSON.stringify(codes(diags))}`);
    assert.equal(d.range.start.line, 5);
  });

  test('a correct file has no errors', async () => {
    const diags = await server.open(uri('good.huc'), GOOD);
    assert.deepEqual(diags.filter((d) => d.severity === 1), []);
  });

  test('completion at a statement position offers keywords', async () => {
    const r = await server.request('textDocument/completion', {
      textDocument: { uri: uri('good.huc') }, position: { line: GOOD_STMT_LINE, character: 4 },
    });
    const items = Array.isArray(r) ? r : r?.items ?? [];
    const labels = items.map((i) => i.label);
    assert.ok(items.length > 0, 'some completion items');
    assert.ok(labels.includes('return') || labels.includes('if'), `keywords in ${JSON.stringify(labels.slice(0, 40))}`);
  });

  test('hover is answered without error', async () => {
    const r = await server.request('textDocument/hover', { textDocument: { uri: uri('good.huc') }, position: GOOD_HELPER_CALL });
    assert.ok(r === null || typeof r === 'object');
  });

  test('documentSymbol lists the entry point', async () => {
    const r = await server.request('textDocument/documentSymbol', { textDocument: { uri: uri('good.huc') } });
    assert.ok(Array.isArray(r), 'an array of symbols');
    const names = [];
    const walk = (s) => { names.push(s.name); (s.children ?? []).forEach(walk); };
    r.forEach(walk);
    assert.ok(names.some((n) => n.includes('trace_it')), `trace_it in ${JSON.stringify(names)}`);
  });

  test('an unknown method gets an error answer, and the next request works', async () => {
    await assert.rejects(server.request('huc/noSuchMethod', { x: 1 }), (err) => {
      assert.equal(typeof err.code, 'number', `a JSON-RPC error, got ${err}`);
      return true;
    });
    assert.ok(server.alive());
    const r = await server.request('textDocument/documentSymbol', { textDocument: { uri: uri('good.huc') } });
    assert.ok(Array.isArray(r) && r.length > 0);
  });

  // Xtext answers -32603 (Internal error, with an UnsupportedOperationException on stderr).
  test('an unknown method is answered MethodNotFound (-32601)', async () => {
    await assert.rejects(server.request('huc/noSuchMethod', { x: 1 }), (err) => {
      assert.equal(err.code, -32601, `MethodNotFound, got ${err.code}: ${err.message}`);
      return true;
    });
  });

  test('a malformed message (bad JSON, valid Content-Length) does not kill the server', async () => {
    const body = Buffer.from('{"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {,,}');
    server.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(server.alive(), `server exited: ${JSON.stringify(server.exitCode)}\n${server.stderr.slice(-2000)}`);
    const r = await server.request('textDocument/documentSymbol', { textDocument: { uri: uri('good.huc') } }, 10000);
    assert.ok(Array.isArray(r) && r.length > 0);
  });

  test('definition of a called inline function goes to its declaration', async () => {
    const r = await server.request('textDocument/definition', {
      textDocument: { uri: uri('good.huc') }, position: { line: 11, character: 14 },
    });
    const locs = Array.isArray(r) ? r : r ? [r] : [];
    assert.ok(locs.length > 0, 'a location');
    const range = locs[0].range ?? locs[0].targetSelectionRange ?? locs[0].targetRange;
    assert.equal(range.start.line, 2);
  });

  test('semantic tokens for a document', async () => {
    const r = await server.request('textDocument/semanticTokens/full', { textDocument: { uri: uri('good.huc') } });
    assert.ok(r && Array.isArray(r.data), 'data array');
  });

  test('references of a called function: its declaration and the call', async () => {
    const r = await server.request('textDocument/references', {
      textDocument: { uri: uri('good.huc') }, position: { line: 11, character: 14 }, context: { includeDeclaration: true },
    });
    assert.deepEqual(r.map((l) => l.range.start.line).sort((a, b) => a - b), [2, 11]);
  });

  test('rename of a local changes its declaration and uses; a keyword or a helper is refused', async () => {
    const r = await server.request('textDocument/rename', {
      textDocument: { uri: uri('good.huc') }, position: { line: 10, character: 8 }, newName: 'start',
    });
    const edits = r.changes[uri('good.huc')];
    assert.deepEqual(edits.map((e) => [e.range.start.line, e.range.start.character, e.newText]), [[10, 8, 'start']]);
    const prep = await server.request('textDocument/prepareRename', {
      textDocument: { uri: uri('good.huc') }, position: { line: 11, character: 14 },
    });
    assert.deepEqual(prep.start, { line: 11, character: 12 });
    assert.deepEqual(prep.end, { line: 11, character: 17 });
    for (const [position, words] of [[{ line: 13, character: 6 }, /keyword/], [GOOD_HELPER_CALL, /helper/]]) {
      await assert.rejects(server.request('textDocument/prepareRename', { textDocument: { uri: uri('good.huc') }, position }),
        (err) => {
          assert.equal(err.code, -32803, `RequestFailed, got ${err.code}: ${err.message}`);
          assert.match(err.message, words);
          return true;
        });
    }
    await assert.rejects(server.request('textDocument/rename', {
      textDocument: { uri: uri('good.huc') }, position: { line: 10, character: 8 }, newName: 'r',
    }), (err) => /same scope/.test(err.message));
  });

  test('folding ranges: the function bodies', async () => {
    const r = await server.request('textDocument/foldingRange', { textDocument: { uri: uri('good.huc') } });
    assert.deepEqual(r.map((f) => [f.startLine, f.endLine]), [[3, 4], [9, 13]]);
  });

  test('formatting indents by braces', async () => {
    const messy = GOOD.replace('    return x * 2;', 'return x * 2;').replace('    u64 t = hup_ktime_ns();', '          u64 t = hup_ktime_ns();   ');
    const u = uri('messy.huc');
    await server.open(u, messy);
    const edits = await server.request('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 4, insertSpaces: true } });
    const lines = messy.split('\n');
    for (const e of edits.slice().sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
      const l = lines[e.range.start.line];
      lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    }
    assert.equal(lines.join('\n'), GOOD);
  });

  test('definition of a helper goes to its declaration in huc:/hyperupcall.h, whose text huc.header gives', async () => {
    const r = await server.request('textDocument/definition', { textDocument: { uri: uri('good.huc') }, position: GOOD_HELPER_CALL });
    const locs = Array.isArray(r) ? r : [r];
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, 'huc:/hyperupcall.h');
    const header = await server.request('workspace/executeCommand', { command: 'huc.header', arguments: [] });
    const line = header.text.split('\n')[locs[0].range.start.line];
    assert.match(line, /^u64 hup_ktime_ns\(void\)/);
    assert.equal(line.slice(locs[0].range.start.character, locs[0].range.end.character), 'hup_ktime_ns');
  });

  test('a loop the verifier rejects: the diagnostic points at the loop header as related information', async () => {
    const text = GOOD.replace('    u64 r = twice(ctx->exit_reason);\n',
      '    u64 r = 0;\n    for (u32 i = 0;\n         i < 10;\n         i += 0) {\n        r += t;\n    }\n');
    const diags = await server.open(uri('loop.huc'), text);
    const d = diags.find((x) => x.code === 'HUV-LOOP');
    assert.ok(d, `HUV-LOOP in ${JSON.stringify(codes(diags))}`);
    assert.equal(d.relatedInformation?.length, 1, JSON.stringify(d));
    assert.equal(d.relatedInformation[0].location.uri, uri('loop.huc'));
    assert.equal(d.relatedInformation[0].location.range.start.line, 15);   // "r += t;", the loop's first instruction
    assert.match(d.relatedInformation[0].message, /header/);
  });

  test('the verifier in the editor: hover on a line, the path to a rejection and "run it" showing the fault', async () => {
    const text = '#include "hyperupcall.h"\nSEC("hyperupcall/vm_exit")\nlong on_exit(struct hup_vm_exit_ctx *ctx)\n{\n'
      + '    u64 v = 0;\n    if (ctx->exit_reason == 48) {\n        v = *(u64 *) ctx->guest_rip;\n    }\n    return v == 1;\n}\n';
    const u = uri('rejected.huc');
    const diags = await server.open(u, text);
    assert.deepEqual(codes(diags), ['HUV-MEM-BOUNDS']);
    const hover = await server.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 6, character: 2 } });
    const md = hover?.contents?.value ?? '';
    assert.match(md, /\*\*Verifier, after line 7\*\*/);
    assert.match(md, /load 8 bytes at ctx\+16 \(guest_rip\): in bounds \(the context is 40 bytes\)/);
    assert.match(md, /not proven in bounds/);
    const lenses = await server.request('textDocument/codeLens', { textDocument: { uri: u } });
    assert.deepEqual(lenses.map((l) => l.command.title),
      ['verifier log', 'path to the failure: line 6 → 7; exit_reason = 48', 'run it'], JSON.stringify(lenses));
    const commands = initResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes('huc.rejectionPath') && commands.includes('huc.runRejection'), JSON.stringify(commands));
    const path = await server.request('workspace/executeCommand', lenses[1].command, 60000);
    assert.deepEqual(path.context, { exit_reason: 48 }, JSON.stringify(path));
    assert.deepEqual(path.steps.map((s) => [s.line, s.nextLine]), [[6, 7]]);
    const run = await server.request('workspace/executeCommand', lenses[2].command, 120000);
    assert.equal(run.faultLine, 7, JSON.stringify(run));
    assert.equal(run.faultsWhereRejected, true, JSON.stringify(run));
    assert.match(run.text, /it faults at insn \d+ \(line 7\)/);
  });

  test('a burst of edits gets one publication, for the last text, after the debounce time', async () => {
    const u = uri('burst.huc');
    await server.open(u, GOOD);
    let count = 0;
    const seen = [];
    const listener = (p) => {
      if (p.uri === u) { count++; seen.push(codes(p.diagnostics)); }
    };
    server.listeners.add(listener);
    const bad = ['    goto out;', '    asm("nop");', '    long (*fp)(void);'];
    const next = server.nextDiagnostics(u);
    let last = 0n;
    for (let i = 0; i < bad.length; i++) {
      await server.notify('textDocument/didChange', {
        textDocument: { uri: u, version: i + 2 }, contentChanges: [{ text: GOOD.replace('{\n    u64 t', `{\n${bad[i]}\n    u64 t`) }],
      });
      last = process.hrtime.bigint();
      await new Promise((r) => setTimeout(r, 20));
    }
    const diags = await next;
    const waited = Number(process.hrtime.bigint() - last) / 1e6;
    await new Promise((r) => setTimeout(r, 600));
    server.listeners.delete(listener);
    assert.equal(count, 1, `publications: ${JSON.stringify(seen)}`);
    assert.ok(codes(diags).includes('HUC-FUNCPTR') && !codes(diags).includes('HUC-GOTO'), JSON.stringify(codes(diags)));
    assert.ok(waited >= 140, `published ${waited.toFixed(0)} ms after the last edit (debounce 150 ms)`);
  });

  // --- completion, hover, symbols, inlay hints and commands that know HUC -----------------------

  test('completion at a statement position offers types and the names in scope', async () => {
    const r = await server.request('textDocument/completion', {
      textDocument: { uri: uri('good.huc') }, position: { line: GOOD_STMT_LINE, character: 4 },
    });
    const labels = (Array.isArray(r) ? r : r?.items ?? []).map((i) => i.label);
    for (const l of ['u64', 'u32', 't', 'r', 'ctx', 'twice']) assert.ok(labels.includes(l), `${l} in ${JSON.stringify(labels)}`);
    // the grammar's feature names are not proposals
    for (const l of ['label', 'name', 'value']) assert.ok(!labels.includes(l), `no ${l}`);
  });

  test('documentSymbol: functions once, as functions, without the names they use', async () => {
    const r = await server.request('textDocument/documentSymbol', { textDocument: { uri: uri('good.huc') } });
    assert.deepEqual(r.map((s) => s.name), ['twice', 'trace_it']);
    assert.ok(r.every((s) => s.kind === 12), `kind Function (12): ${JSON.stringify(r.map((s) => s.kind))}`);
  });

  test('completion after "hup_" offers the helpers allowed for the event', async () => {
    // page_reclaim is a global event: the helpers of local events only (hup_flush_tlb_vcpu...) are not offered
    const text = GOOD.replace('    u64 t = hup_ktime_ns();', '    u64 t = hup_').replace('hyperupcall/vm_exit', 'hyperupcall/page_reclaim');
    const u = uri('complete.huc');
    await server.open(u, text);
    const r = await server.request('textDocument/completion', { textDocument: { uri: u }, position: { line: 10, character: 16 } });
    const labels = (Array.isArray(r) ? r : r?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('hup_ktime_ns'), `hup_ktime_ns in ${JSON.stringify(labels)}`);
    assert.ok(labels.includes('hup_trace'));
    assert.ok(!labels.includes('hup_flush_tlb_vcpu'), 'helpers of local events filtered out in a global one');
    // only what completes the name being typed (an editor filters by the item's range, here empty)
    assert.deepEqual(labels.filter((l) => !l.startsWith('hup_')), []);
  });

  test('hover on a helper shows its documentation', async () => {
    const r = await server.request('textDocument/hover', { textDocument: { uri: uri('good.huc') }, position: GOOD_HELPER_CALL });
    const text = JSON.stringify(r?.contents ?? '');
    assert.match(text, /hup_ktime_ns/);
    assert.match(text, /ns|nanosecond/i);
  });

  test('inlay hints (e.g. instruction counts of entry points)', async () => {
    assert.ok(initResult.capabilities.inlayHintProvider, 'inlayHintProvider');
    const r = await server.request('textDocument/inlayHint', {
      textDocument: { uri: uri('good.huc') }, range: { start: { line: 0, character: 0 }, end: { line: 16, character: 0 } },
    });
    assert.ok(Array.isArray(r) && r.length > 0);
  });

  for (const [cmd, expected] of [['huc.compile', /instructions/], ['huc.disassemble', /Disassembly of section/], ['huc.run', /findings/]]) {
    test(`workspace/executeCommand ${cmd}`, async () => {
      const commands = initResult.capabilities.executeCommandProvider?.commands ?? [];
      assert.ok(commands.includes(cmd), `${cmd} in ${JSON.stringify(commands)}`);
      const args = cmd === 'huc.run' ? [uri('good.huc'), 'tracing'] : [uri('good.huc')];
      const r = await server.request('workspace/executeCommand', { command: cmd, arguments: args }, 60000);
      assert.match(JSON.stringify(r), expected);
    });
  }

  test('workspace/executeCommand huc.compile writes the ELF object to the path given as second argument', async () => {
    const object = join(dir, 'good.o');
    const r = await server.request('workspace/executeCommand', { command: 'huc.compile', arguments: [uri('good.huc'), object] }, 60000);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.object, object);
    const bytes = readFileSync(object);
    assert.equal(bytes.length, r.objectBytes);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'an ELF file');
  });

  test('workspace/executeCommand huc.run runs a scenario file given by its path', async () => {
    const scenario = join(dir, 'short-tracing.json');
    writeFileSync(scenario, JSON.stringify({ scenario: 'tracing', duration_ms: 5, seed: 7 }));
    const r = await server.request('workspace/executeCommand', { command: 'huc.run', arguments: [uri('good.huc'), scenario] }, 60000);
    assert.equal(r.error, undefined, JSON.stringify(r));
    // the file's values, not the bundled scenario's defaults (40 ms, seed 1)
    assert.match(r.table, /^scenario tracing: .*5\.0 ms simulated.*seed 7/m);
    const bad = await server.request('workspace/executeCommand', { command: 'huc.run', arguments: [uri('good.huc'), join(dir, 'none.json')] }, 60000);
    assert.match(bad.error, /cannot read the scenario file/);
  });

  // --- latency ---------------------------------------------------------------------------------

  /**
   * Edits one line of the ~1,000-line file `warmup` + `edits` times, each time waiting for its
   * diagnostics; the times in ms of the last `edits` (the first ones run while the JVM compiles).
   */
  async function editLatencies(srv, name, edits, warmup = 0) {
    const { text } = bigFile(1000);
    const lines = text.split('\n');
    const u = uri(name);
    const first = await srv.open(u, text);
    assert.deepEqual(first.filter((d) => d.severity === 1), [], 'the generated file is correct');
    // the line edited: a constant inside the helpers (the entry point calls mix0, so edit mix0's)
    const target = lines.findIndex((l) => l.includes('u64 c = a * 3 + b;'));
    assert.ok(target > 0);
    const times = [];
    for (let i = 0; i < warmup + edits; i++) {
      const edited = lines.slice();
      edited[target] = `    u64 c = a * ${3 + 2 * (i + 1)} + b;`;
      const next = srv.nextDiagnostics(u);
      const t0 = process.hrtime.bigint();
      await srv.notify('textDocument/didChange', {
        textDocument: { uri: u, version: i + 2 }, contentChanges: [{ text: edited.join('\n') }],
      });
      const diags = await next;
      if (i >= warmup) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      assert.deepEqual(diags.filter((d) => d.severity === 1), []);
    }
    return times.slice().sort((a, b) => a - b);
  }

  const summary = (sorted) => `median ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, `
    + `min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;

  // The time from an edit to its diagnostics, all of it: measured on a server started with
  // debounceMs 0, since the debounce (150 ms by default) is a wait added on purpose. The server is
  // new: 30 edits first warm it up, as the editing before them would (not counted).
  test('latency: edit to diagnostics on a ~1,000-line file, 100 edits (debounceMs 0)', async () => {
    const { helpers } = bigFile(1000);
    const { s: fast } = await startServer({ debounceMs: 0 });
    try {
      const sorted = await editLatencies(fast, 'big.huc', 100, 30);
      const median = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      console.log(`# latency edit -> publishDiagnostics, debounceMs 0, ${bigFile(1000).text.split('\n').length - 1} lines `
        + `(${helpers} helpers), 100 edits after 30 to warm up: ${summary(sorted)}`);
      // the server's heap after the run (after a full collection): target < 256 MB, asserted always
      const heap = await fast.request('workspace/executeCommand', { command: 'huc.memory', arguments: [] }, 30000);
      const mb = heap.usedBytes / (1 << 20);
      console.log(`# server heap after the run: ${mb.toFixed(1)} MB (max ${(heap.maxBytes / (1 << 20)).toFixed(0)} MB)`);
      assert.ok(mb < 256, `heap ${mb.toFixed(1)} MB >= 256 MB`);
      if (process.env.HUC_LSP_LATENCY_ASSERT === '1') {
        assert.ok(median < 50, `median ${median.toFixed(1)} ms >= 50 ms`);
        assert.ok(p99 < 150, `p99 ${p99.toFixed(1)} ms >= 150 ms`);
      }
    } finally {
      fast.kill();
    }
  });

  test('latency with the default debounce (150 ms): 20 edits, each waited for', async () => {
    const sorted = await editLatencies(server, 'big-debounced.huc', 20);
    console.log(`# latency edit -> publishDiagnostics, default debounce 150 ms, 20 edits: ${summary(sorted)}`);
    assert.ok(sorted[0] >= 140, `diagnostics ${sorted[0].toFixed(1)} ms after an edit, before the debounce time`);
  });

  // --- last: shutdown and exit ----------------------------------------------------------------

  test('shutdown then exit ends the server with status 0', async () => {
    const r = await server.request('shutdown', null, 10000);
    // LSP says null; Xtext (LSP4J) answers {}, which clients accept.
    assert.ok(r === null || (typeof r === 'object' && Object.keys(r).length === 0), `shutdown result ${JSON.stringify(r)}`);
    await server.notify('exit');
    const timeout = new Promise((res) => setTimeout(() => res('timeout'), 10000));
    const e = await Promise.race([server.exited, timeout]);
    assert.notEqual(e, 'timeout', 'server still running 10 s after exit');
    assert.equal(e.code, 0, `exit status ${JSON.stringify(e)}`);
  });
});

// An editor whose client cannot execute commands (no workspace.executeCommand in its capabilities,
// e.g. a minimal Neovim or Emacs setup) still gets the diagnostics.
describe('huc lsp with a client that declares no capabilities', { timeout: 120000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'huc-lsp-bare-'));
  let server;

  after(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a client without workspace.executeCommand gets the diagnostics of an unbounded loop', async () => {
    server = new Server();
    const init = await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} }, 120000);
    assert.ok(init.capabilities.textDocumentSync, 'textDocumentSync');
    // the commands are announced to every client (the capability only says whether the client
    // registers them dynamically), and they work
    assert.ok(init.capabilities.executeCommandProvider?.commands?.includes('huc.compile'), JSON.stringify(init.capabilities));
    await server.notify('initialized', {});
    const u = pathToFileURL(join(dir, 'loop.huc')).href;
    const diags = await server.open(u, LOOP_AND_FUNCPTR);
    assert.ok(codes(diags).includes('HUC-LOOP'), JSON.stringify(codes(diags)));
    const compiled = await server.request('workspace/executeCommand', { command: 'huc.compile', arguments: [u] }, 60000);
    assert.ok('programs' in compiled, JSON.stringify(compiled));
    assert.ok(server.alive());
  });
});

// The server's standard input as raw bytes: a badly framed message is skipped (a line on stderr)
// and the next request is answered; a lost document change ends the server with status 1.
describe('huc lsp on a corrupted stream', { timeout: 300000 }, () => {
  const frame = (o) => {
    const body = Buffer.from(JSON.stringify(o));
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
  };

  /** A raw server: initialized, then garbage, then a hover (id 2); resolves with stdout, stderr and the exit, if any. */
  async function afterGarbage(garbage) {
    const { command, args, shell } = serverCommand();
    const proc = spawn(command, args, { shell, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let exit;
    proc.stdout.on('data', (d) => { out += d.toString(); });
    proc.stderr.on('data', (d) => { err += d.toString(); });
    const exited = new Promise((res) => proc.on('exit', (code) => { exit = code; res(code); }));
    const until = async (needle, ms) => {
      const end = Date.now() + ms;
      while (!out.includes(needle) && exit === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    try {
      proc.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      await until('"id":1', 120000);
      assert.ok(out.includes('"capabilities"'), out.slice(0, 500));
      proc.stdin.write(Buffer.from(garbage));
      proc.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover',
        params: { textDocument: { uri: 'file:///nowhere/x.huc' }, position: { line: 0, character: 0 } } }));
      await until('"id":2', 30000);
      if (!out.includes('"id":2')) await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      return { out, err, exit };
    } finally {
      proc.kill('SIGKILL');
    }
  }

  for (const [name, garbage] of [
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}'],
    ['a Content-Length longer than the message', 'Content-Length: 500\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"textDocument/hover"}'],
    ['a Content-Length over the 64 MiB limit', 'Content-Length: 99999999999\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"x"}'],
    ['bytes that are no header', 'hello\r\n\r\n'],
  ]) {
    test(`after ${name}, the next request is answered and stderr says what was skipped`, async () => {
      const r = await afterGarbage(garbage);
      assert.ok(r.out.includes('"id":2'), `no answer after the garbage; stderr: ${r.err.slice(-1000)}`);
      assert.match(r.err, /huc lsp: .*skipped to the next Content-Length header/);
      assert.equal(r.exit, undefined, 'the server is still running');
    });
  }

  test('a document change lost to a bad Content-Length ends the server with status 1 and one line on stderr', async () => {
    const r = await afterGarbage('Content-Length: 9x\r\n\r\n{"jsonrpc":"2.0","method":"textDocument/didChange","params":{}}');
    assert.equal(r.exit, 1, `exit ${r.exit}; stderr: ${r.err.slice(-1000)}`);
    assert.match(r.err, /huc lsp: .*a document change was lost/);
  });
});
