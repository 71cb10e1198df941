/* uv_fs_rename, sync and async: to a new name, over an existing file (its
 * content replaced), across directories, a directory to a new name and onto
 * an empty directory; errors: onto a non-empty directory (ENOTEMPTY), a file
 * onto a directory (EISDIR), a directory onto a file (ENOTDIR), a directory
 * into itself (EINVAL), a missing source (ENOENT), a missing target directory
 * (ENOENT); renaming onto itself (0). */
#include "fs_common.h"

static void rn(int m, const char* label, const char* a, const char* b) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_rename(loop, &req, a, b, CB(m)), a, FS_NUM);
}

int main(void) {
  int m;
  fs_setup("rename");
  for (m = 0; m < 2; m++) {
    const char* d1 = nm("d1-%s", mode_name(m));
    const char* d2 = nm("d2-%s", mode_name(m));
    T("-- %s", mode_name(m));
    CHECK(0 == mkdir(d1, 0755) && 0 == mkdir(d2, 0755));
    CHECK(0 == chdir(d1));
    mkfile("a", "AAA", 0644);
    mkfile("b", "BB", 0644);
    rn(m, "rename a -> c", "a", "c");
    T("  a exists %s, c: \"%s\"", yesno(exists("a")), slurp("c"));
    rn(m, "rename c -> b (existing)", "c", "b");
    T("  c exists %s, b: \"%s\"", yesno(exists("c")), slurp("b"));
    rn(m, "rename b -> ../d2/b (across directories)", "b",
       nm("../%s/b", d2));
    T("  b exists %s, ../d2/b exists %s", yesno(exists("b")),
      yesno(exists(nm("../%s/b", d2))));
    rn(m, "rename b -> c (missing source)", "b", "c");
    mkfile("f", "F", 0644);
    rn(m, "rename f -> nodir/f (missing target dir)", "f", "nodir/f");
    rn(m, "rename f -> f (itself)", "f", "f");
    T("  f: \"%s\"", slurp("f"));
    mkdir_c("full");
    mkfile("full/x", "", 0644);
    mkdir_c("emptydir");
    mkdir_c("dir");
    rn(m, "rename dir -> emptydir (empty directory)", "dir", "emptydir");
    T("  dir exists %s, emptydir exists %s", yesno(exists("dir")),
      yesno(exists("emptydir")));
    rn(m, "rename emptydir -> full (non-empty directory)", "emptydir", "full");
    rn(m, "rename f -> full (file onto directory)", "f", "full");
    rn(m, "rename emptydir -> f (directory onto file)", "emptydir", "f");
    rn(m, "rename emptydir -> emptydir/sub (into itself)", "emptydir",
       "emptydir/sub");
    rn(m, "rename full -> moved", "full", "moved");
    T("  moved/x exists %s", yesno(exists("moved/x")));
    CHECK(0 == chdir(".."));
  }
  fs_teardown();
  return 0;
}
