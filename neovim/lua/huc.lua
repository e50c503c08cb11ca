-- HUC (hyperupcall C dialect) in Neovim: the *.huc filetype and the HUC language server
-- (`huc lsp`) for it. Neovim >= 0.7 (0.8+ uses vim.lsp.start; 0.7 starts one client per root with
-- vim.lsp.start_client and attaches each buffer with vim.lsp.buf_attach_client).
--
--   require('huc').setup({
--     cmd = { 'huc', 'lsp' },            -- or { 'java', '-jar', '/path/to/huc.jar', 'lsp' } (a JDK >= 21)
--     root_markers = { '.git' },         -- the workspace root: the nearest folder holding one, else the file's folder
--     init_options = { debounceMs = 150 },
--   })
local M = {}

local defaults = {
  cmd = { 'huc', 'lsp' },
  root_markers = { '.git' },
  init_options = { debounceMs = 150 },
}

local clients = {} -- root -> client id (Neovim 0.7)

local function root_of(bufnr, markers)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  for _, marker in ipairs(markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then found = vim.fn.findfile(marker, dir .. ';') end
    if found ~= '' then return vim.fn.fnamemodify(found, ':p:h:h') end
  end
  return dir
end

local function start(bufnr, opts)
  local root = root_of(bufnr, opts.root_markers)
  local config = {
    name = 'huc',
    cmd = opts.cmd,
    root_dir = root,
    init_options = opts.init_options,
    handlers = opts.handlers,
    on_exit = opts.on_exit,
  }
  if vim.lsp.start then -- Neovim >= 0.8: reuses a client with the same name and root
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', defaults, user or {})
  -- the filetype: *.huc (vim.filetype.add needs 0.8 to be used by default; an autocommand works everywhere)
  vim.cmd([[
    augroup huc_filetype
      autocmd!
      autocmd BufRead,BufNewFile *.huc setfiletype huc
      autocmd FileType huc setlocal syntax=c commentstring=//\ %s
    augroup END
  ]])
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'huc',
    callback = function(args) start(args.buf, opts) end,
  })
end

return M
