/* uv_fs_mkdtemp and uv_fs_mkstemp, sync and async. Success: req->path is a
 * copy of the template with the XXXXXX replaced (same length and prefix, the
 * caller's template untouched), the directory / file exists (0700 / 0600),
 * mkstemp's result is an fd ("fd ok"), mkdtemp's is 0. Errors: a template
 * without XXXXXX or with too few X (EINVAL), a missing parent directory
 * (ENOENT), a file as parent (ENOTDIR); what req->path holds after an error
 * (mkstemp empties it; mkdtemp leaves what mkdtemp(3) made of it). */
#include "fs_common.h"

static void report_path(const char* tpl, uv_fs_t* req) {
  size_t n = strlen(tpl) - 6;
  T("  path: differs=%s same length=%s prefix kept=%s XXXXXX gone=%s",
    yesno(req->path != NULL && strcmp(req->path, tpl) != 0),
    yesno(req->path != NULL && strlen(req->path) == strlen(tpl)),
    yesno(req->path != NULL && strncmp(req->path, tpl, n) == 0),
    yesno(req->path != NULL && strstr(req->path, "XXXXXX") == NULL));
}

static void perm(const char* p) {
  struct stat st;
  CHECK(0 == lstat(p, &st));
  T("  created: %s perm=%04o", ftype(st.st_mode), st.st_mode & 07777);
}

static void mkd(int m, const char* label, const char* tpl_in) {
  uv_fs_t req;
  char tpl[64];
  ssize_t r;
  snprintf(tpl, sizeof tpl, "%s", tpl_in);
  r = fs_done(m, label, &req, uv_fs_mkdtemp(loop, &req, tpl, CB(m)), tpl,
              FS_NUM);
  T("  template untouched: %s", yesno(strcmp(tpl, tpl_in) == 0));
  if (r < 0)
    T("  req->path on error: %s", req.path == NULL ? "NULL"
                                  : req.path[0] == '\0' ? "empty"
                                  : strcmp(req.path, tpl) == 0 ? "template"
                                                               : "changed");
  if (r == 0) {
    report_path(tpl, &req);
    perm(req.path);
    CHECK(0 == rmdir(req.path));
  }
  uv_fs_req_cleanup(&req);
}

static void mks(int m, const char* label, const char* tpl_in) {
  uv_fs_t req;
  char tpl[64];
  ssize_t r;
  snprintf(tpl, sizeof tpl, "%s", tpl_in);
  r = fs_done(m, label, &req, uv_fs_mkstemp(loop, &req, tpl, CB(m)), tpl,
              FS_FD);
  T("  template untouched: %s", yesno(strcmp(tpl, tpl_in) == 0));
  if (r < 0)
    T("  req->path on error: %s", req.path == NULL ? "NULL"
                                  : req.path[0] == '\0' ? "empty"
                                  : strcmp(req.path, tpl) == 0 ? "template"
                                                               : "changed");
  if (r >= 0) {
    T("  fd ok: %s", yesno(r >= 0 && fcntl((int) r, F_GETFD) != -1));
    report_path(tpl, &req);
    perm(req.path);
    CHECK(0 == close((int) r));
    CHECK(0 == unlink(req.path));
  }
  uv_fs_req_cleanup(&req);
}

int main(void) {
  int m;
  fs_setup("mkdtemp");
  mkfile("file", "", 0644);
  mkdir_c("sub");
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    mkd(m, "mkdtemp dir-XXXXXX", "dir-XXXXXX");
    mkd(m, "mkdtemp sub/XXXXXX", "sub/XXXXXX");
    mkd(m, "mkdtemp no-x", "no-x");
    mkd(m, "mkdtemp five-XXXXX", "five-XXXXX");
    mkd(m, "mkdtemp XXXXXX-suffix", "XXXXXX-suffix");
    mkd(m, "mkdtemp missing/XXXXXX", "missing/XXXXXX");
    mkd(m, "mkdtemp file/XXXXXX", "file/XXXXXX");
    mks(m, "mkstemp tmp-XXXXXX", "tmp-XXXXXX");
    mks(m, "mkstemp sub/XXXXXX", "sub/XXXXXX");
    mks(m, "mkstemp no-x", "no-x");
    mks(m, "mkstemp five-XXXXX", "five-XXXXX");
    mks(m, "mkstemp missing/XXXXXX", "missing/XXXXXX");
    mks(m, "mkstemp file/XXXXXX", "file/XXXXXX");
  }
  fs_teardown();
  return 0;
}
