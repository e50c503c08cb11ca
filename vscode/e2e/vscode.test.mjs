// End-to-end test of the extension in a real VS Code: code-server (VS Code 1.100 with its desktop
// extension host in Node) with the packaged .vsix installed, driven through the Debian chromium by
// playwright-core. It opens a workspace holding examples/huc/tlb_shootdown.huc, types an unbounded
// loop and checks what a user sees: the Problems panel, the squiggle, the hover, completion, the
// inlay hint, the problem going away, and the commands run by the server (compile, run a scenario).
// It reads the extension's output channel (its log under USER_DATA/logs/*/exthost1/) too, so a
// server that cannot start fails it even where the UI would look merely quiet.
//
//   HUC_E2E_TOOLS       code-server + playwright-core (default: what e2e/install.sh prints; it
//                       installs them once into ~/.cache/hyperupcall-e2e)
//   HUC_E2E_VSIX        the extension (default: ../hyperupcall-studio-0.1.0.vsix, `npm run package`)
//   HUC_E2E_SETTINGS    JSON merged into the user settings (e.g. '{"hyperupcall.serverJar": "/x"}')
//   HUC_E2E_SCREENSHOT  also save the screenshot there (e.g. ../docs/vscode.png)
//   HUC_E2E_KEEP=1      keep the run folder (user data, logs, workspace) even when all passed
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extRoot = resolve(here, '..');
const repo = resolve(extRoot, '..');
const EXAMPLE = 'tlb_shootdown.huc';
// examples/huc/tlb_shootdown.huc: line 16 is the entry point's signature, line 18 `u32 cpu = ...;`
const ENTRY_LINE = 16;
const STATEMENT_LINE = 18;
const LOOP = 'while (cpu > 1) cpu = cpu / 2;';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tools() {
  if (process.env.HUC_E2E_TOOLS) return process.env.HUC_E2E_TOOLS;
  const out = execFileSync(join(here, 'install.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop();
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Files under dir (recursively) whose name matches re. */
function findFiles(dir, re, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findFiles(p, re, out);
    else if (re.test(name)) out.push(p);
  }
  return out;
}

/** An error that ends the wait of until() at once. */
class Fatal extends Error {}

/** Polls fn until it returns a truthy value (errors count as not yet, except Fatal); throws with message() after timeoutMs. */
async function until(fn, timeoutMs, message, intervalMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      if (err instanceof Fatal) throw err;
      last = err;
    }
    if (Date.now() > end) throw new Error(`${typeof message === 'function' ? message(last) : message} (waited ${timeoutMs / 1000} s)`);
    await sleep(intervalMs);
  }
}

describe('the extension in a real VS Code (code-server 4.100.3, chromium)', { timeout: 900000 }, () => {
  const run = mkdtempSync(join(tmpdir(), 'huc-e2e-'));
  const userData = join(run, 'user-data');
  const extensions = join(run, 'extensions');
  const workspace = join(run, 'workspace');
  const screenshot = join(run, 'vscode.png');
  let codeServer;
  let codeServerLog = '';
  let browser;
  let page;
  let failed = false;
  let serverUp = false;

  /** The extension's output channel ("Hyperupcall") as logged by the extension host. */
  const outputLog = () => findFiles(join(userData, 'logs'), /Hyperupcall\.log$/)
    .filter((f) => f.includes('exthost')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const extHostLog = () => findFiles(join(userData, 'logs'), /^exthost\.log$/).map((f) => readFileSync(f, 'utf8')).join('\n');
  const tail = (s, n = 40) => s.split('\n').slice(-n).join('\n');
  const context = () => `\n--- Hyperupcall output channel (${userData}/logs/*/exthost1/output_logging_*/):\n${tail(outputLog()) || '(empty: no channel yet)'}`
    + `\n--- exthost.log (tail):\n${tail(extHostLog(), 15)}\n--- run folder: ${run}`;

  /**
   * A step: its failure message carries the extension's logs; a screenshot of the page is kept.
   * needsServer: fails at once when the language server did not start (instead of waiting).
   */
  async function step(fn, needsServer = true) {
    try {
      if (needsServer && !serverUp) throw new Error('the language server did not start (see the test above)');
      await fn();
    } catch (err) {
      failed = true;
      await page?.screenshot({ path: join(run, `failure-${Date.now()}.png`) }).catch(() => undefined);
      err.message = `${err.message}${context()}`;
      throw err;
    }
  }

  const editor = () => page.locator('.editor-instance .monaco-editor').first();

  /**
   * The text an editor shows: its lines' text and what CSS adds before or after an element (inlay
   * hints may be either), with every kind of white space (the editor renders U+00A0) as one space.
   */
  const shownText = (locator) => locator.evaluate((root) => {
    const parts = [];
    const pseudo = (el, which) => {
      const c = getComputedStyle(el, which).content;
      if (c && c !== 'none' && c !== 'normal') parts.push(c.replace(/^"|"$/g, ''));
    };
    const walk = (el) => {
      pseudo(el, '::before');
      for (const c of el.childNodes) {
        if (c.nodeType === 3) parts.push(c.textContent);
        else if (c.nodeType === 1) walk(c);
      }
      pseudo(el, '::after');
      if (el.classList?.contains('view-line')) parts.push('\n');
    };
    walk(root);
    return parts.join('').replace(/[^\S\n]+/g, ' ');
  });

  /** Focuses the editor and puts the cursor at the start of line n (Ctrl+G). */
  async function goToLine(n) {
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+g');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`:${n}`);
    await page.keyboard.press('Enter');
    await until(async () => /Ln (\d+)/.exec(await page.locator('[id="status.editor.selection"]').innerText())?.[1] === String(n),
      10000, `the cursor did not go to line ${n}`);
  }

  /** Rows of the Problems panel (opened with Ctrl+Shift+M) as text. */
  async function problems() {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 10000 });
    return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  }

  /** Runs a command from the command palette (F1) by its title. */
  async function palette(title) {
    await until(async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+1');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 5000 });
      await row.click();
      return true;
    }, 60000, `the command palette did not offer "${title}"`, 1000);
  }

  before(async () => {
    const toolsDir = tools();
    const vsix = process.env.HUC_E2E_VSIX ?? join(extRoot, 'hyperupcall-studio-0.1.0.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: npm run package`);
    const codeServerBin = join(toolsDir, 'node_modules', '.bin', 'code-server');
    assert.ok(existsSync(codeServerBin), `${codeServerBin} is missing: e2e/install.sh`);
    const { chromium } = createRequire(join(toolsDir, 'package.json'))('playwright-core');

    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(extensions, { recursive: true });
    mkdirSync(workspace, { recursive: true });
    copyFileSync(join(repo, 'examples', 'huc', EXAMPLE), join(workspace, EXAMPLE));
    // a deterministic editor: nothing that opens or completes on its own while the test types
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
      'editor.suggestOnTriggerCharacters': false,
      'editor.acceptSuggestionOnEnter': 'off',
      'editor.acceptSuggestionOnCommitCharacter': false,
      'editor.hover.delay': 100,
      'editor.inlayHints.enabled': 'on',
      'editor.minimap.enabled': false,
      'files.autoSave': 'off',
      ...JSON.parse(process.env.HUC_E2E_SETTINGS ?? '{}'),
    };
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const port = await freePort();
    const config = join(run, 'config.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    // everything code-server writes stays in the run folder
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(run, 'xdg-config'),
      XDG_DATA_HOME: join(run, 'xdg-data'),
      XDG_CACHE_HOME: join(run, 'xdg-cache'),
      TMPDIR: join(run, 'tmp'),
    };
    mkdirSync(env.TMPDIR, { recursive: true });
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
    const installed = execFileSync(codeServerBin, [...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
    assert.match(installed, /successfully installed/i, installed);

    codeServer = spawn(codeServerBin, [...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', workspace], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    process.on('exit', () => { if (codeServer.exitCode === null) codeServer.kill('SIGTERM'); });
    codeServer.stdout.on('data', (d) => { codeServerLog += d; });
    codeServer.stderr.on('data', (d) => { codeServerLog += d; });
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/healthz`)).ok, 60000, () => `code-server did not answer on ${base}:\n${codeServerLog}`);

    browser = await chromium.launch({ executablePath: process.env.HUC_E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (codeServer && codeServer.exitCode === null) codeServer.kill('SIGTERM');
    if (failed || process.env.HUC_E2E_KEEP === '1') {
      console.log(`# e2e run folder kept: ${run}`);
    } else {
      rmSync(run, { recursive: true, force: true });
    }
  });

  test('the workbench opens the example in the HUC language mode', async () => {
    await step(async () => {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXAMPLE }).first();
      await row.waitFor({ state: 'visible', timeout: 120000 });
      await until(async () => {
        await row.dblclick();
        await page.locator('[id="status.editor.mode"]', { hasText: 'HUC' }).waitFor({ state: 'visible', timeout: 10000 });
        return true;
      }, 60000, `${EXAMPLE} did not open as HUC (status bar: language mode)`, 1000);
    }, false);
  });

  test('the language server starts: the output channel names it and the commands it offers', async () => {
    await step(async () => {
      // the client's own messages when the server process exits or its initialize fails
      const broken = /server not started|Server process exited|Server initialization failed|Connection to server got closed|couldn't create connection|did not start/;
      const started = await until(() => {
        const log = outputLog();
        if (broken.test(log)) throw new Fatal(`the language server did not start: "${broken.exec(log)[0]}" in the output channel`);
        return /^server: .*huc\.jar lsp.*commands: (.*)$/m.exec(log);
      }, 120000, (last) => (last instanceof Error ? last.message
        : 'the extension did not log "server: ... huc.jar lsp" in its output channel: the language server did not start'));
      // the client declared workspace.executeCommand: the server announced its commands
      for (const c of ['huc.compile', 'huc.disassemble', 'huc.run']) assert.ok(started[1].includes(c), `${c} in "${started[1]}"`);
      serverUp = true;
    }, false);
  });

  test('the inlay hint after the entry point shows its instruction count against the limit', async () => {
    await step(async () => {
      await goToLine(ENTRY_LINE);
      const hint = await until(async () => {
        const text = await shownText(editor().locator('.view-lines'));
        return /\b(\d+) \/ 4096 insns/.exec(text);
      }, 60000, (t) => `no "N / 4096 insns" inlay hint in the editor (${t instanceof Error ? t.message : 'not shown'})`);
      assert.ok(Number(hint[1]) > 0 && Number(hint[1]) < 4096, hint[0]);
    });
  });

  test('typing an unbounded loop puts HUC-LOOP in the Problems panel and a squiggle under it', async () => {
    await step(async () => {
      await goToLine(STATEMENT_LINE);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(LOOP, { delay: 10 });
      const rows = await until(async () => {
        const r = await problems();
        return r.some((x) => x.includes('HUC-LOOP')) && r;
      }, 60000, (r) => `no HUC-LOOP row in the Problems panel: ${JSON.stringify(r)}`);
      assert.ok(rows.find((x) => x.includes('HUC-LOOP')).includes('no bound'), JSON.stringify(rows));
      await until(async () => (await page.locator('.monaco-editor .squiggly-error').count()) > 0, 30000, 'no squiggle (.squiggly-error) in the editor');
    });
  });

  test('hovering the squiggle shows the rule\'s message', async () => {
    await step(async () => {
      await page.keyboard.press('Control+1');
      const hover = await until(async () => {
        const squiggle = page.locator('.monaco-editor .squiggly-error').first();
        await page.mouse.move(0, 0);
        await squiggle.hover({ force: true });
        const h = page.locator('.monaco-hover', { hasText: 'HUC-LOOP' }).first();
        await h.waitFor({ state: 'visible', timeout: 5000 });
        return h.innerText();
      }, 60000, 'no hover with HUC-LOOP over the squiggle', 500);
      assert.match(hover, /a while loop has no bound the compiler can prove/);
      await page.screenshot({ path: screenshot });
      if (process.env.HUC_E2E_SCREENSHOT) copyFileSync(screenshot, resolve(process.env.HUC_E2E_SCREENSHOT));
    });
  });

  test('deleting the loop\'s line clears the problem and the squiggle', async () => {
    await step(async () => {
      await page.mouse.move(0, 0);
      await goToLine(STATEMENT_LINE + 1);
      await page.keyboard.press('Control+Shift+K');
      await until(async () => !(await problems()).some((x) => x.includes('HUC-LOOP')), 60000, 'the HUC-LOOP row stayed in the Problems panel');
      await until(async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0, 30000, 'a squiggle stayed');
    });
  });

  test('hovering a line shows what the verifier knows after it, and why its load is in bounds', async () => {
    await step(async () => {
      const line = readFileSync(join(workspace, EXAMPLE), 'utf8').split('\n').findIndex((l) => l.includes('if (ts->is_lazy)')) + 1;
      assert.ok(line > 0, 'the lazy-mode line of the example');
      await goToLine(line);
      await page.keyboard.press('Home');
      const hover = await until(async () => {
        await palette('Show or Focus Hover');
        const h = page.locator('.monaco-hover', { hasText: 'Verifier, after line' }).first();
        await h.waitFor({ state: 'visible', timeout: 5000 });
        return h.innerText();
      }, 60000, 'no hover with the verifier\'s states on the line', 500);
      assert.match(hover, new RegExp(`Verifier, after line ${line}`));
      assert.match(hover, /load 1 byte at cpu_tlbstate\+\[\d+, \d+\]: in bounds/);
      await page.keyboard.press('Escape');
    });
  });

  test('completion after "hup_" offers the helpers of the entry point\'s event', async () => {
    await step(async () => {
      await goToLine(STATEMENT_LINE);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('hup_', { delay: 10 });
      const labels = await until(async () => {
        await page.keyboard.press('Escape');
        await sleep(300);
        await page.keyboard.press('Control+Space');
        const widget = page.locator('.editor-widget.suggest-widget');
        await widget.waitFor({ state: 'visible', timeout: 5000 });
        const rows = await widget.locator('.monaco-list-row').allInnerTexts();
        return rows.some((r) => r.includes('hup_flush_tlb_vcpu')) && rows;
      }, 60000, (r) => `no hup_flush_tlb_vcpu in the suggestions: ${JSON.stringify(r)}`, 1000);
      assert.ok(labels.some((r) => r.includes('hup_ktime_ns')), JSON.stringify(labels));
      // the list is filtered by what was typed (the server's items replace "hup_")
      assert.deepEqual(labels.filter((r) => !r.startsWith('hup_')), [], JSON.stringify(labels));
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+K');
    });
  });

  test('Hyperupcall: Compile (the server\'s huc.compile) writes the object beside the source', async () => {
    await step(async () => {
      await palette('Hyperupcall: Compile');
      const object = join(workspace, EXAMPLE.replace(/\.huc$/, '.o'));
      await until(() => existsSync(object) && outputLog().includes(`compiled: ${object}`), 60000,
        `no "compiled: ${object}" in the output channel, or no object file`);
      assert.deepEqual([...readFileSync(object).subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
      assert.match(outputLog(), /defer_flush: \d+ instructions \(limit 4096\) for tlb_shootdown/);
    });
  });

  test('Hyperupcall: Run Scenario (the server\'s huc.run) shows the scenario\'s result table', async () => {
    await step(async () => {
      await palette('Hyperupcall: Run Scenario');
      const log = await until(() => /^scenario tlb-shootdown: [^\n]*\n[\s\S]*shootdowns take [\d.]+ of native's time/m.test(outputLog()) && outputLog(),
        120000, 'no result table of tlb-shootdown in the output channel');
      assert.match(log, /shootdown\.latency_cycles\.mean/);
      // and on screen: the Output panel shows the channel's end (the findings)
      await until(async () => /shootdowns take [\d.]+ of native's time/.test(await shownText(page.locator('.part.panel .monaco-editor .view-lines').first())),
        30000, 'the Output panel does not show the result table');
    });
  });

  test('debugging the example stops at a breakpoint and the Variables view shows its locals and the context\'s fields', async () => {
    await step(async () => {
      // launch.json: the extension's "hyperupcall" debugger (huc dap) on the example, a 5 ms scenario
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations: [{
        type: 'hyperupcall', request: 'launch', name: 'Debug the hyperupcall',
        program: join(workspace, EXAMPLE), scenario: 'tlb-shootdown', durationMs: 5 }] }, null, 2));
      const line = readFileSync(join(workspace, EXAMPLE), 'utf8').split('\n').findIndex((l) => l.includes('if (ts->pending_flush_end != 0)')) + 1;
      assert.ok(line > 0, 'the merge line of the example');
      await goToLine(line);
      await palette('Debug: Toggle Breakpoint');
      await palette('Debug: Start Debugging');
      // stopped: the Variables view lists the adapter's scopes, Locals first and open: the program's variables
      const scope = page.locator('.monaco-list-row', { hasText: 'Context (struct hup_tlb_shootdown_ctx)' }).first();
      await scope.waitFor({ state: 'visible', timeout: 120000 });
      const local = page.locator('.monaco-list-row', { hasText: /^\s*cpu\s*[:=]/ }).first();
      await local.waitFor({ state: 'visible', timeout: 30000 });
      assert.match(await local.innerText(), /^\s*cpu\s*[:=]\s*\d+\s*$/, 'the local cpu and its value');
      const pointer = page.locator('.monaco-list-row', { hasText: /^\s*ts\s*[:=]/ }).first();
      assert.match(await pointer.innerText(), /^\s*ts\s*[:=]\s*0x[0-9a-f]+\s*$/, 'the local ts, a pointer');
      // the context's scope opens on a click
      if (!(await page.locator('.monaco-list-row', { hasText: 'sender_vcpu' }).first().isVisible())) await scope.click();
      const field = page.locator('.monaco-list-row', { hasText: 'target_vcpu' }).first();
      await field.waitFor({ state: 'visible', timeout: 30000 });
      assert.match(await field.innerText(), /target_vcpu[\s\S]*\d/);
      // and the editor shows where it stopped
      await page.locator('.debug-top-stack-frame-line, .debug-top-stack-frame').first().waitFor({ state: 'attached', timeout: 10000 });
      await page.screenshot({ path: join(run, 'debugger.png') });
      if (process.env.HUC_E2E_SCREENSHOT_DEBUG) copyFileSync(join(run, 'debugger.png'), process.env.HUC_E2E_SCREENSHOT_DEBUG);
      await palette('Debug: Stop');
    });
  });
});
