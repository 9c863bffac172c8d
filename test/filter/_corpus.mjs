// Filter expressions covering pcap-filter(7): every primitive, qualifier,
// operator and precedence rule sockfam compiles. Each is compiled by libpcap
// and by sockfam for every link type; the programs must agree packet by packet
// (or both refuse the expression).
export const CORPUS = [
  // protocols
  "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "pim", "vrrp", "ah", "esp", "igrp", "carp",
  "ip proto 6", "ip proto 132", "ip6 proto 17", "proto 47", "ip proto \\tcp", "ip6 proto \\udp", "proto \\icmp", "ip proto 51",
  "ether proto 0x88b5", "ether proto \\ip", "ether proto \\arp", "ether proto \\ip6", "ether proto 0x88cc", "ether proto 66",
  // hosts and nets
  "host 10.0.0.1", "src host 10.0.0.1", "dst host 10.0.0.2", "ip host 192.168.1.9", "arp host 10.0.0.2", "rarp host 192.168.1.9",
  "host 10.0.0.1 and host 10.0.0.2", "src 10.0.0.1", "dst 10.0.0.2", "10.0.0.1", "src or dst host 10.0.0.2", "src and dst host 10.0.0.1",
  "host 2001:db8::1", "src host 2001:db8::2", "dst host ff02::fb", "ip6 host fe80::1", "host ::ffff:10.1.2.3",
  "net 10.0.0.0/8", "net 10.0.0.0/24", "src net 192.168.0.0/16", "dst net 10.0.0", "net 10", "net 172.16", "net 10.0.0.0 mask 255.255.255.0",
  "net 0.0.0.0/0", "net 10.0.0.0/31", "ip net 10.255.0.0/16", "arp net 10.0.0.0/30", "host 10.0.0",
  "net 2001:db8::/32", "src net 2001:db8::/64", "ip6 net ff00::/8", "net fe80::/10", "dst net 2001:db8:1::/48", "net ::/0",
  "ether host 02:00:00:00:00:01", "ether src 02:00:00:00:00:01", "ether dst 02:00:00:00:00:02", "ether host 2-0-0-0-0-2",
  "ether src host 02:00:00:00:00:02", "ether dst 0200.0000.0001", "host 02:00:00:00:00:01", "ether broadcast", "broadcast",
  "ether multicast", "multicast", "ip multicast", "ip6 multicast", "ether dst ff:ff:ff:ff:ff:ff",
  // ports
  "port 80", "tcp port 80", "udp port 53", "sctp port 80", "src port 53", "dst port 80", "tcp src port 1234", "udp dst port 5353",
  "port 80 or 443", "port 80 or port 443", "tcp port 80 and not src port 1234", "port http", "port domain", "tcp port https",
  "udp port ntp", "port ssh", "portrange 1-1023", "tcp portrange 8000-8100", "udp src portrange 50-60", "dst portrange 440-450",
  "portrange 80-80", "portrange 1000-1", "port 0", "port 65535", "src or dst port 53", "src and dst port 53",
  // lengths
  "less 60", "greater 100", "len < 100", "len >= 1514", "len = 60", "len != 78", "greater 1000 and tcp", "less 64 or greater 512",
  // packet data
  "ip[0] = 0x45", "ip[0] & 0xf != 5", "ip[8] < 64", "ip[8] <= 1", "ip[1] & 0xfc = 0x10", "ip[2:2] > 100", "ip[6:2] & 0x1fff != 0",
  "ip[9] = 17", "ip[12:4] = 0x0a000001", "ip[16] >= 224", "ip6[6] = 58", "ip6[7] = 255", "ip6[0:4] & 0x0ff00000 != 0",
  "tcp[13] = 2", "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn", "tcp[tcpflags] & tcp-rst != 0",
  "tcp[tcpflags] & (tcp-fin|tcp-push) != 0", "tcp[tcpflags] = tcp-ece|tcp-cwr", "tcp[tcpflags] & tcp-urg != 0", "tcp[0:2] = 80",
  "tcp[2:2] > 1024", "tcp[12] >> 4 > 5", "tcp[(tcp[12] >> 4) * 4] = 0x47", "udp[0:2] = 53", "udp[4:2] > 20", "udp[8] = 0x78",
  "icmp[icmptype] = icmp-echo", "icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply", "icmp[0] = icmp-unreach and icmp[1] = 3",
  "icmp[icmpcode] = 1", "icmp6[icmp6type] = icmp6-echo", "icmp6[0] = 129", "icmp6[icmp6type] = icmp6-neighborsolicit",
  "ether[0] & 1 != 0", "ether[12:2] = 0x8100", "ether[6:4] = 0x02000000", "link[0] = 0xff", "arp[7] = 1", "arp[6:2] = 2",
  "rarp[7] = 3", "sctp[0:2] = 3868", "igmp[0] = 0x11", "pim[0] & 0xf = 0", "vrrp[0] = 0x21",
  // arithmetic and precedence
  "ip[2:2] - 20 > 100", "ip[2:2] * 2 = 120", "ip[2:2] / 4 > 10", "ip[2:2] % 7 = 3", "ip[0] & 0xf * 4 = 20", "(ip[0] & 0xf) * 4 > 20",
  "ip[0] | 1 ^ 1 = 0x45", "ip[0] ^ 0xff = 0xba", "ip[0] << 2 > 0x100", "ip[0] >> 4 = 4", "-ip[0] < 0", "ip[2:2] - ip[0] > 100",
  "len - 14 = ip[2:2]", "ip[2:2] + 14 != len", "2 + 3 * 4 = 14", "(2 + 3) * 4 = 20", "1 << 4 = 16", "ip[ip[0] & 0xf] = 0",
  "ip[len - 50] != 0", "ip[0:4] & 0xffff > ip[4:2]", "tcp[13] & 0x12 = 0x12 and len > 60", "ip[2:2] / ip[0] > 1",
  "0x10 = ip[1]", "ip[8] == 64", "ip[8] = 1 || ip[8] = 255",
  // docs/filters.md examples
  "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0", "ip[2:2] > 576", "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420", "ip6 and udp and ip6[6] = 17",
  "len - 14 != ip[2:2]", "vlan 10 and tcp port 443", "net 10.0.0.0/8 or ip6 multicast", "not port 22", "icmp or arp", "portrange 6000-6010",
  "ip6 proto \\udp", "tcp dst port 443", "ether src 0200.0000.0001",
  // boolean structure and qualifier inheritance
  "tcp or udp", "tcp and udp", "not tcp", "! udp", "not not ip", "ip and not tcp and not udp", "tcp or udp and port 53",
  "(tcp or udp) and port 53", "tcp or (udp and port 53)", "not (tcp or udp)", "not tcp or udp", "ip && tcp", "arp || rarp",
  "host 10.0.0.1 or 10.0.0.2", "host 10.0.0.1 and not 10.0.0.2", "src host 10.0.0.1 or 192.168.1.9", "tcp port 80 or 443 or 22",
  "host (10.0.0.1 or 10.0.0.2)", "port (80 or 53)", "tcp and (port 80 or port 443)", "ip and (src net 10.0.0.0/8 or dst net 192.168.0.0/16)",
  "not ip and not ip6 and not arp", "icmp or icmp6", "ip6 and tcp port 80", "ip and udp port 53 and not host 10.0.0.9",
  // vlan, mpls
  "vlan", "vlan 10", "vlan 20", "vlan and ip", "vlan 10 and tcp port 80", "vlan and vlan", "vlan 100 and vlan 200",
  "vlan 100 and vlan 200 and udp", "vlan and ip6", "not vlan", "vlan or arp", "ip or vlan", "vlan 4095 and vlan 10 and icmp",
  "vlan and host 10.0.0.1", "vlan 7 and tcp", "vlan and ether proto 0x800", "mpls", "mpls 100", "mpls and ip", "mpls 100 and mpls 200",
  "mpls 100 and mpls 200 and tcp port 80", "mpls 16 and ip6", "mpls and udp", "mpls 100 and vlan",
  // link direction (SLL/SLL2)
  "inbound", "outbound", "inbound and tcp",
  // errors both sides must refuse
  "", "tcp and", "(tcp", "tcp)", "port", "port 99999", "host 300.1.2.3", "ip[", "ip[0:3] = 1", "tcp[0] =", "vlan 5000",
  "ip proto 256", "ether host 10.0.0.1", "tcp host 10.0.0.1", "ip port 80", "udp port http", "net 10.0.0.1/8", "ip6 net 2001:db8::1/32",
  "1 / 0 = 1", "ip[0] % 0 = 1", "ip[0] << 33 = 1", "ip broadcast", "and", "10.0.0.1 10.0.0.2", "ether proto 0x10000",
];
