/* uv_fs_opendir / uv_fs_readdir / uv_fs_closedir, sync and async: opendir's
 * req->ptr is the uv_dir_t; readdir with dir->nentries 1 and 4 over 6
 * entries gives per-call counts (1 x6 then 0; 4, 2, then 0) and 0 again
 * after the end; "." and ".." are skipped; the same dirents array is reused
 * between calls (names printed sorted, as readdir order is the file
 * system's); closedir result 0; opendir errors ENOENT / ENOTDIR; readdir
 * with NULL dir → UV_EINVAL from the call. */
#include "fs_common.h"

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*) a, *(char* const*) b);
}

static uv_dir_t* open_dir(int m, const char* label, const char* path) {
  uv_fs_t req;
  uv_dir_t* dir;
  ssize_t r = fs_done(m, label, &req, uv_fs_opendir(loop, &req, path, CB(m)),
                      path, FS_NUM);
  dir = r == 0 ? (uv_dir_t*) req.ptr : NULL;
  T("  ptr set: %s", yesno(req.ptr != NULL));
  uv_fs_req_cleanup(&req);
  return dir;
}

static void read_all(int m, uv_dir_t* dir, unsigned n) {
  uv_dirent_t ents[4];
  char* names[16];
  char line[512];
  int count = 0, i, calls = 0;
  ssize_t r;
  uv_fs_t req;
  dir->dirents = ents;
  dir->nentries = n;
  line[0] = '\0';
  do {
    r = fs_done(m, nm("readdir (nentries %u)", n), &req,
                uv_fs_readdir(loop, &req, dir, CB(m)), NULL, FS_NUM);
    CHECK(req.ptr == dir);
    for (i = 0; i < r; i++) {
      CHECK(count < 16);
      names[count++] = strdup(nm("%s(%s)", ents[i].name,
                                 dirent_name(ents[i].type)));
    }
    uv_fs_req_cleanup(&req);
    calls++;
  } while (r > 0 && calls < 20);
  r = fs_run(m, "readdir after the end", &req,
             uv_fs_readdir(loop, &req, dir, CB(m)), NULL, FS_NUM);
  qsort(names, count, sizeof names[0], cmp);
  for (i = 0; i < count; i++) {
    strcat(line, " ");
    strcat(line, names[i]);
    free(names[i]);
  }
  T("  %d entries:%s", count, line);
}

int main(void) {
  int m;
  unsigned n;
  uv_fs_t req;
  uv_dir_t* dir;
  fs_setup("opendir");
  mkdir_c("d");
  mkfile("d/one", "", 0644);
  mkfile("d/two", "", 0644);
  mkfile("d/.dot", "", 0644);
  mkdir_c("d/sub");
  CHECK(0 == symlink("one", "d/link"));
  CHECK(0 == mkfifo("d/fifo", 0644));
  mkdir_c("empty");
  mkfile("file", "", 0644);
  for (m = 0; m < 2; m++) {
    T("-- %s", mode_name(m));
    for (n = 1; n <= 4; n += 3) {
      dir = open_dir(m, "opendir d", "d");
      CHECK(dir != NULL);
      read_all(m, dir, n);
      fs_run(m, "closedir", &req, uv_fs_closedir(loop, &req, dir, CB(m)), NULL,
             FS_NUM);
    }
    dir = open_dir(m, "opendir empty", "empty");
    read_all(m, dir, 4);
    fs_run(m, "closedir", &req, uv_fs_closedir(loop, &req, dir, CB(m)), NULL,
           FS_NUM);
    open_dir(m, "opendir missing", "missing");
    open_dir(m, "opendir file", "file");
    fs_run(m, "readdir NULL dir", &req, uv_fs_readdir(loop, &req, NULL, CB(m)),
           NULL, FS_NUM);
    fs_run(m, "closedir NULL dir", &req,
           uv_fs_closedir(loop, &req, NULL, CB(m)), NULL, FS_NUM);
  }
  fs_teardown();
  return 0;
}
