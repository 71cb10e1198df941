/* uv_handle_size / uv_req_size / uv_handle_type_name / uv_req_type_name for
 * every type value, including UV_UNKNOWN_*, UV_FILE, the *_TYPE_MAX values
 * and out-of-range values ((size_t) -1 and NULL); sizes agree with sizeof
 * of the header's structs; uv_loop_size() == sizeof(uv_loop_t). */
#include "common.h"

#define HANDLE_SIZEOF(uc, lc) \
  if (t == UV_##uc) hdr = sizeof(uv_##lc##_t);
#define REQ_SIZEOF(uc, lc) \
  if (t == UV_##uc) hdr = sizeof(uv_##lc##_t);

static const char* str(const char* s) { return s ? s : "(null)"; }

int main(void) {
  int t;
  size_t sz, hdr;

  T("loop_size %zu, == sizeof(uv_loop_t): %s", uv_loop_size(),
    yesno(uv_loop_size() == sizeof(uv_loop_t)));
  for (t = -1; t <= UV_HANDLE_TYPE_MAX + 1; t++) {
    sz = uv_handle_size((uv_handle_type) t);
    hdr = (size_t) -1;
    UV_HANDLE_TYPE_MAP(HANDLE_SIZEOF)
    T("handle type %d: name %s, size %zd, matches header: %s", t,
      str(uv_handle_type_name((uv_handle_type) t)), (ssize_t) sz,
      yesno(sz == hdr));
  }
  T("handle type 1000: name %s, size %zd", str(uv_handle_type_name(1000)),
    (ssize_t) uv_handle_size(1000));
  for (t = -1; t <= UV_REQ_TYPE_MAX + 1; t++) {
    sz = uv_req_size((uv_req_type) t);
    hdr = (size_t) -1;
    UV_REQ_TYPE_MAP(REQ_SIZEOF)
    T("req type %d: name %s, size %zd, matches header: %s", t,
      str(uv_req_type_name((uv_req_type) t)), (ssize_t) sz, yesno(sz == hdr));
  }
  T("req type 1000: name %s, size %zd", str(uv_req_type_name(1000)),
    (ssize_t) uv_req_size(1000));
  T("UV_FILE == %d, UV_HANDLE_TYPE_MAX == %d, UV_REQ_TYPE_MAX == %d", UV_FILE,
    UV_HANDLE_TYPE_MAX, UV_REQ_TYPE_MAX);
  T("sizeof uv_handle_t %zu, uv_req_t %zu, uv_work_t %zu, uv_buf_t %zu",
    sizeof(uv_handle_t), sizeof(uv_req_t), sizeof(uv_work_t), sizeof(uv_buf_t));

  {
    uv_loop_t loop;
    CHECK(0 == uv_loop_init(&loop));
    finish_loop(&loop);
  }
  return 0;
}
