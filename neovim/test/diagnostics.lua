-- Headless Neovim test of the documented configuration (neovim/lua/huc.lua): opening a .huc file
-- with an unbounded loop in a workspace whose root also holds a hostile file (10,000 nested
-- parentheses, read by the server at initialize) gets the server's HUC-LOOP diagnostic.
--
--   HUC_LSP_CMD="/path/to/huc lsp" nvim --headless -u neovim/test/diagnostics.lua
-- (neovim/test/run.sh sets it up). Exit status 0 when it passed; the reason on stderr otherwise.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here, ':h'))
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'

local function finish(ok, message)
  io.stderr:write((ok and 'ok: ' or 'not ok: ') .. message .. '\n')
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

local cmd = vim.split(os.getenv('HUC_LSP_CMD') or 'huc lsp', ' ', { trimempty = true })

-- the workspace: an unbounded loop, and a hostile file the server reads at initialize
local root = vim.fn.tempname()
vim.fn.mkdir(root .. '/.git', 'p')
local loop = root .. '/loop.huc'
vim.fn.writefile({
  '#include "hyperupcall.h"',
  '',
  'SEC("hyperupcall/vm_exit")',
  'long spin(struct hup_vm_exit_ctx *ctx)',
  '{',
  '    u64 n = ctx->vcpu;',
  '    while (n > 1)',
  '        n = n / 2;',
  '    return HUP_DEFAULT;',
  '}',
}, loop)
vim.fn.writefile({ 'long deep(void) { return ' .. string.rep('(', 10000) .. '1' .. string.rep(')', 10000) .. '; }' }, root .. '/deep.huc')

-- every publishDiagnostics, as the server sent it
local published = {}
local exited = nil
require('huc').setup({
  cmd = cmd,
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      table.insert(published, result)
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
vim.api.nvim_create_autocmd('VimLeavePre', { callback = function() pcall(vim.fn.delete, root, 'rf') end })

vim.cmd('edit ' .. vim.fn.fnameescape(loop))
local buf = vim.api.nvim_get_current_buf()
if vim.bo[buf].filetype ~= 'huc' then
  return finish(false, 'filetype of ' .. loop .. ' is "' .. vim.bo[buf].filetype .. '", not huc')
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function loop_diagnostic()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'HUC-LOOP' then return d end
  end
end

local found = vim.wait(120000, function()
  return loop_diagnostic() ~= nil or exited ~= nil
end, 200)
if exited and not loop_diagnostic() then
  return finish(false, 'the language server (' .. table.concat(cmd, ' ') .. ') exited with status ' .. tostring(exited.code)
    .. ' before any HUC-LOOP diagnostic; LSP log: ' .. vim.lsp.get_log_path())
end

if not found then
  local seen = {}
  for _, p in ipairs(published) do table.insert(seen, p.uri .. ': ' .. vim.inspect(vim.tbl_map(function(d) return d.code end, p.diagnostics))) end
  local clients = vim.tbl_map(function(c) return c.name end, vim.lsp.get_active_clients())
  return finish(false, 'no HUC-LOOP diagnostic for ' .. loop .. ' in 120 s; active clients: ' .. vim.inspect(clients)
    .. '; publications: ' .. vim.inspect(seen) .. '; LSP log: ' .. vim.lsp.get_log_path())
end

local d = loop_diagnostic()
if d.lnum ~= 6 or d.severity ~= vim.diagnostic.severity.ERROR then
  return finish(false, 'HUC-LOOP at line ' .. (d.lnum + 1) .. ' severity ' .. tostring(d.severity) .. ', expected line 7, an error')
end
finish(true, 'HUC-LOOP at ' .. loop .. ':7: ' .. d.message)
