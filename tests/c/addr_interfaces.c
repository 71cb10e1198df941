/* uv_interface_addresses and uv_if_indextoname / uv_if_indextoiid, printing
 * only what holds on any Linux machine: the list has 127.0.0.1 on an
 * internal interface with netmask 255.0.0.0 and no hardware address, every
 * entry has a name and an IPv4 or IPv6 address and netmask of the same
 * family, the loopback interface (index 1) is "lo"; and the buffer rules of
 * uv_if_indextoname: size 0 or NULL arguments are EINVAL, a buffer that
 * cannot hold the name and its NUL is ENOBUFS with *size set to what is
 * needed, success sets *size to the name's length; an unknown index is
 * ENXIO. */
#include "dns_common.h"

int main(void) {
  uv_interface_address_t* addrs;
  int count, i, r, seen_lo = 0, all_sane = 1, lo_internal = 0, lo_mask = 0, lo_phys = 1;
  char name[64], mask[64];
  size_t size;

  r = uv_interface_addresses(&addrs, &count);
  T("uv_interface_addresses: %s, at least one: %s", ename(r), yesno(count >= 1));
  for (i = 0; i < count; i++) {
    const uv_interface_address_t* a = &addrs[i];
    int family = a->address.address4.sin_family;
    all_sane &= a->name != NULL && (family == AF_INET || family == AF_INET6) &&
                a->netmask.netmask4.sin_family == family &&
                (a->is_internal == 0 || a->is_internal == 1);
    if (family == AF_INET && ntohl(a->address.address4.sin_addr.s_addr) == 0x7f000001) {
      int j;
      seen_lo++;
      lo_internal = a->is_internal;
      CHECK(0 == uv_ip4_name(&a->netmask.netmask4, mask, sizeof mask));
      lo_mask = strcmp(mask, "255.0.0.0") == 0;
      for (j = 0; j < 6; j++) lo_phys &= a->phys_addr[j] == 0;
      T("127.0.0.1 is on \"%s\", port %d", a->name, ntohs(a->address.address4.sin_port));
    }
  }
  T("every entry has a name, an IP address and a netmask of its family: %s", yesno(all_sane));
  T("127.0.0.1 listed once: %s, internal: %s, netmask 255.0.0.0: %s, no hardware address: %s",
    yesno(seen_lo == 1), yesno(lo_internal), yesno(lo_mask), yesno(lo_phys));
  uv_free_interface_addresses(addrs, count);
  uv_free_interface_addresses(NULL, 0);

  size = sizeof name;
  r = uv_if_indextoname(1, name, &size);
  T("if_indextoname(1): %s, name %s, size %zu", ename(r), name, size);
  size = sizeof name;
  r = uv_if_indextoiid(1, name, &size);
  T("if_indextoiid(1): %s, name %s, size %zu", ename(r), name, size);
  for (size = 1; size <= 4; size++) {
    size_t in = size, out = size;
    memset(name, 'x', sizeof name);
    r = uv_if_indextoname(1, name, &out);
    T("if_indextoname(1) into %zu bytes: %s, size now %zu%s%s", in, ename(r), out,
      r == 0 ? ", name " : "", r == 0 ? name : "");
  }
  size = 0;
  r = uv_if_indextoname(1, name, &size);
  T("size 0: %s, size now %zu", ename(r), size);
  size = sizeof name;
  T("NULL buffer: %s", ename(uv_if_indextoname(1, NULL, &size)));
  T("NULL size: %s", ename(uv_if_indextoname(1, name, NULL)));
  size = 2;
  r = uv_if_indextoiid(1, name, &size);
  T("if_indextoiid(1) into 2 bytes: %s, size now %zu", ename(r), size);
  size = sizeof name;
  r = uv_if_indextoname(0, name, &size);
  T("if_indextoname(0): %s, size now %zu", ename(r), size);
  size = sizeof name;
  r = uv_if_indextoname(0x7fffffff, name, &size);
  T("if_indextoname(0x7fffffff): %s", ename(r));
  return 0;
}
