/* uv_fs_copyfile, sync and async: a plain copy (content and permission bits
 * copied, req->path is the source), onto an existing longer file (replaced,
 * truncated), UV_FS_COPYFILE_EXCL onto an existing file (EEXIST, target
 * untouched) and onto a new one (0), UV_FS_COPYFILE_FICLONE (falls back to a
 * copy: 0), a 200 KiB file, an empty file, a file onto itself (0, content
 * kept); errors: missing source (ENOENT), missing target directory (ENOENT),
 * a directory as source, a directory as target, unknown flag bits (EINVAL
 * from the call). */
#include "fs_common.h"

static char big[200 * 1024];

static void cp(int m, const char* label, const char* a, const char* b,
               int flags) {
  uv_fs_t req;
  fs_run(m, label, &req, uv_fs_copyfile(loop, &req, a, b, flags, CB(m)), a,
         FS_NUM);
}

static void show(const char* p) {
  struct stat st;
  if (stat(p, &st) != 0) {
    T("  %s: missing", p);
    return;
  }
  T("  %s: perm=%04o size=%ld content=\"%.20s\"", p, st.st_mode & 07777,
    (long) st.st_size, S_ISREG(st.st_mode) ? slurp(p) : "(dir)");
}

int main(void) {
  int m, i, fd;
  fs_setup("copyfile");
  mkfile("src", "source data", 0640);
  CHECK(0 == chmod("src", 0640));
  mkfile("empty", "", 0600);
  mkdir_c("dir");
  for (i = 0; i < (int) sizeof big; i++) big[i] = (char) (i * 7 + i / 1024);
  fd = open("big", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0 && write(fd, big, sizeof big) == (ssize_t) sizeof big);
  CHECK(0 == close(fd));
  for (m = 0; m < 2; m++) {
    const char* d = nm("dst-%s", mode_name(m));
    const char* x = nm("excl-%s", mode_name(m));
    const char* c = nm("clone-%s", mode_name(m));
    const char* b = nm("big-%s", mode_name(m));
    const char* e = nm("empty-%s", mode_name(m));
    T("-- %s", mode_name(m));
    cp(m, "copy src -> dst", "src", d, 0);
    show(d);
    mkfile(d, "a much longer existing content", 0644);
    cp(m, "copy src -> dst (existing, longer)", "src", d, 0);
    show(d);
    mkfile(d, "keep me", 0644);
    cp(m, "copy src -> dst EXCL (existing)", "src", d, UV_FS_COPYFILE_EXCL);
    show(d);
    cp(m, "copy src -> excl EXCL (new)", "src", x, UV_FS_COPYFILE_EXCL);
    show(x);
    cp(m, "copy src -> clone FICLONE", "src", c, UV_FS_COPYFILE_FICLONE);
    show(c);
    cp(m, "copy big -> big copy", "big", b, 0);
    {
      struct stat st;
      int same;
      char* back = malloc(sizeof big);
      fd = open(b, O_RDONLY);
      CHECK(back != NULL && fd >= 0 && 0 == fstat(fd, &st));
      same = st.st_size == (off_t) sizeof big &&
             read(fd, back, sizeof big) == (ssize_t) sizeof big &&
             memcmp(back, big, sizeof big) == 0;
      T("  size %ld, identical: %s", (long) st.st_size, yesno(same));
      CHECK(0 == close(fd));
      free(back);
    }
    cp(m, "copy empty -> empty copy", "empty", e, 0);
    show(e);
    cp(m, "copy src -> src (itself)", "src", "src", 0);
    show("src");
    cp(m, "copy missing -> x", "missing", "x", 0);
    cp(m, "copy src -> nodir/x", "src", "nodir/x", 0);
    cp(m, "copy dir -> x (directory source)", "dir", "x", 0);
    T("  x exists: %s", yesno(exists("x")));
    cp(m, "copy src -> dir (directory target)", "src", "dir", 0);
    cp(m, "copy src -> y, flags 0x8", "src", "y", 0x8);
    T("  y exists: %s", yesno(exists("y")));
  }
  fs_teardown();
  return 0;
}
