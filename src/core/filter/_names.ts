// Names the filter language resolves without a resolver: services (as in
// Debian's /etc/services: "tcp"/"udp" when only that protocol registers the
// name, which narrows `port NAME` as libpcap does), IP protocols (as in
// /etc/protocols) and ethertypes (libpcap's table for `ether proto \NAME`).

/** name -> [port, protocol the name is registered for, or "" for both]. */
export const SERVICES: Record<string, [number, "" | "tcp" | "udp"]> = {
  echo: [7, ""], discard: [9, ""], daytime: [13, ""], "ftp-data": [20, "tcp"], ftp: [21, "tcp"], ssh: [22, "tcp"],
  telnet: [23, "tcp"], smtp: [25, "tcp"], mail: [25, "tcp"], time: [37, ""], domain: [53, ""], bootps: [67, "udp"],
  bootpc: [68, "udp"], tftp: [69, "udp"], gopher: [70, "tcp"], finger: [79, "tcp"], http: [80, "tcp"], www: [80, "tcp"],
  kerberos: [88, ""], pop3: [110, "tcp"], sunrpc: [111, ""], auth: [113, "tcp"], nntp: [119, "tcp"], ntp: [123, "udp"],
  "netbios-ns": [137, "udp"], "netbios-dgm": [138, "udp"], "netbios-ssn": [139, "tcp"], imap2: [143, "tcp"], imap: [143, "tcp"],
  snmp: [161, ""], "snmp-trap": [162, ""], bgp: [179, "tcp"], ldap: [389, ""], https: [443, ""], "microsoft-ds": [445, "tcp"],
  isakmp: [500, "udp"], syslog: [514, "udp"], printer: [515, "tcp"], submission: [587, "tcp"], ldaps: [636, "tcp"],
  imaps: [993, "tcp"], pop3s: [995, "tcp"], openvpn: [1194, ""], "ms-sql-s": [1433, "tcp"], mysql: [3306, "tcp"],
  sip: [5060, ""], mdns: [5353, "udp"], postgresql: [5432, "tcp"], x11: [6000, "tcp"], "http-alt": [8080, "tcp"],
};

/** IP protocol names (`ip proto \tcp`, `proto \udp`). */
export const IP_PROTOS: Record<string, number> = {
  ip: 0, icmp: 1, igmp: 2, ipip: 4, tcp: 6, egp: 8, igrp: 9, pup: 12, udp: 17, idp: 22, ipv6: 41, "ipv6-route": 43,
  "ipv6-frag": 44, rsvp: 46, gre: 47, esp: 50, ah: 51, "ipv6-icmp": 58, icmp6: 58, "ipv6-nonxt": 59, "ipv6-opts": 60,
  ospf: 89, pim: 103, vrrp: 112, carp: 112, l2tp: 115, sctp: 132, udplite: 136,
};

/** Ethertype names (`ether proto \arp`). */
export const ETHERTYPES: Record<string, number> = {
  ip: 0x0800, ip6: 0x86dd, arp: 0x0806, rarp: 0x8035, vlan: 0x8100, mpls: 0x8847, lldp: 0x88cc, pppoed: 0x8863, pppoes: 0x8864,
  decnet: 0x6003, lat: 0x6004, atalk: 0x809b, aarp: 0x80f3, ipx: 0x8137, loopback: 0x9000,
};
