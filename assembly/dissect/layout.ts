// Layout of the batch dissector's struct-of-arrays table. Every column is a
// u32 array of DISSECT_CAP rows; column k starts at table + k * COLUMN_STRIDE.
// scripts/build.mjs generates src/core/dissect/_layout.ts from this file.
// Columns of absent layers are not written: read a column only when the
// PRESENT bit of its layer is set.

/** Rows per batch. */
export const DISSECT_CAP: i32 = 8192;
/** Bytes in the frames arena. */
export const FRAMES_SIZE: i32 = (8 << 20) + (64 << 10); // MAX_RECORD (8 MiB) and its pcap header fit

// Input columns (written by JS or by pcap_index).
export const C_OFF: i32 = 0; // frame offset in the frames arena
export const C_CAPLEN: i32 = 1; // captured length
export const C_WIRELEN: i32 = 2; // original length (0: same as caplen)
export const C_LINK: i32 = 3; // link type (LINKTYPE_*)
export const C_TSSEC: i32 = 4; // timestamp seconds (pcap_index only)
export const C_TSFRAC: i32 = 5; // timestamp fraction (pcap_index only)
// Output columns.
export const C_PRESENT: i32 = 6; // P_* bits
export const C_ERRORS: i32 = 7; // E_* bits
export const C_CSUM: i32 = 8; // bits 0-1 IPv4 header, 2-3 L4: 0 not verifiable, 1 good, 2 bad
export const C_MAC: i32 = 9; // dst offset | src offset << 16 (0xffff: none)
export const C_ETYPE: i32 = 10; // final ethertype | VLAN count << 16
export const C_VLAN01: i32 = 11; // TCI 0 | TCI 1 << 16
export const C_VLAN23: i32 = 12; // TCI 2 | TCI 3 << 16
export const C_LINKX: i32 = 13; // SLL/SLL2: pkttype | hatype << 8 | halen << 24; NULL/LOOP: family
export const C_IFINDEX: i32 = 14; // SLL2 interface index
export const C_L3: i32 = 15; // offset of the ARP/IP header
export const C_ARP: i32 = 16; // ARP operation | hardware address length << 16 | 1 << 24 when those are MACs | 1 << 25 when the IPv4 addresses were read
export const C_SRC4: i32 = 17; // IPv4 source
export const C_DST4: i32 = 18; // IPv4 destination
export const C_IPPROTO: i32 = 19; // final protocol | ttl/hop limit << 8 | IPv4 header length << 16
export const C_IPID: i32 = 20; // IPv4 id or IPv6 fragment identification
export const C_FRAG: i32 = 21; // offset (8-byte units) | MF << 13 | DF << 14 | RF << 15 | IPv6 frag header offset << 16
export const C_L3LEN: i32 = 22; // IPv4 total length / 40 + IPv6 payload length
export const C_IPX: i32 = 23; // IPv4 TOS or IPv6 traffic class | IPv6 header's next header << 8 | TCP urgent pointer << 16
export const C_PORTS: i32 = 24; // sport << 16 | dport
export const C_SEQ: i32 = 25;
export const C_ACK: i32 = 26;
export const C_TCPFW: i32 = 27; // flags (12 bits) | window << 16
export const C_TCPOPT: i32 = 28; // mss | wscale << 16 | O_* bits << 24
export const C_TSVAL: i32 = 29;
export const C_TSECR: i32 = 30;
export const C_SACK: i32 = 31; // offset of the first SACK block | block count << 16
export const C_UDPLEN: i32 = 32;
export const C_ICMP: i32 = 33; // type | code << 8
export const C_ECHO: i32 = 34; // id << 16 | seq
export const C_PAYOFF: i32 = 35; // payload offset in the frame
export const C_PAYLEN: i32 = 36; // payload length as on the wire
export const C_TCPDOFF: i32 = 37; // TCP header length in bytes
export const DISSECT_COLUMNS: i32 = 38;
/**
 * Bytes from one column to the next: a cache line more than the column, so
 * row i of different columns falls in different cache sets (a power-of-two
 * stride made every column of a row collide in one set and thrash).
 */
export const COLUMN_STRIDE: i32 = DISSECT_CAP * 4 + 64;

// PRESENT bits.
export const P_ETH: u32 = 1 << 0;
export const P_VLAN: u32 = 1 << 1;
export const P_ARP: u32 = 1 << 2;
export const P_IPV4: u32 = 1 << 3;
export const P_IPV6: u32 = 1 << 4;
export const P_TCP: u32 = 1 << 5;
export const P_UDP: u32 = 1 << 6;
export const P_ICMP: u32 = 1 << 7;
export const P_ICMPV6: u32 = 1 << 8;
export const P_FRAG6: u32 = 1 << 9;
export const P_SLL: u32 = 1 << 10;
export const P_SLL2: u32 = 1 << 11;
export const P_LOOP: u32 = 1 << 12;
export const P_ECHO: u32 = 1 << 13;
export const P_TRUNC: u32 = 1 << 14; // caplen < wire length
export const P_PAYLOAD: u32 = 1 << 15;
// Set whenever C_PORTS holds the ports: on every TCP/UDP packet, and on one whose
// TCP/UDP header is cut short but still holds them (its first 4 bytes), as
// tcpdump and tshark show them. Layer functions return it as bit 20 of their result.
export const P_PORTS: u32 = 1 << 16;

// TCP option bits (in C_TCPOPT >> 24).
export const O_MSS: u32 = 1;
export const O_WSCALE: u32 = 2;
export const O_SACKPERM: u32 = 4;
export const O_TS: u32 = 8;
export const O_SACK: u32 = 16;

// ERRORS bits: layer and problem.
export const E_LINK_TRUNC: u32 = 1 << 0;
export const E_LINK_UNSUPPORTED: u32 = 1 << 1;
export const E_VLAN_TRUNC: u32 = 1 << 2;
export const E_VLAN_TOO_MANY: u32 = 1 << 3;
export const E_ARP_TRUNC: u32 = 1 << 4;
export const E_IPV4_TRUNC: u32 = 1 << 5;
export const E_IPV4_BAD_VERSION: u32 = 1 << 6;
export const E_IPV4_BAD_IHL: u32 = 1 << 7;
export const E_IPV4_BAD_LEN: u32 = 1 << 8;
export const E_IPV6_TRUNC: u32 = 1 << 9;
export const E_IPV6_BAD_VERSION: u32 = 1 << 10;
export const E_IPV6_BAD_LEN: u32 = 1 << 11;
export const E_IPV6_EXT_TRUNC: u32 = 1 << 12;
export const E_IPV6_EXT_LIMIT: u32 = 1 << 13;
export const E_TCP_TRUNC: u32 = 1 << 14;
export const E_TCP_BAD_OFF: u32 = 1 << 15;
export const E_TCP_BAD_OPT: u32 = 1 << 16;
export const E_UDP_TRUNC: u32 = 1 << 17;
export const E_UDP_BAD_LEN: u32 = 1 << 18;
export const E_ICMP_TRUNC: u32 = 1 << 19;
export const E_ICMPV6_TRUNC: u32 = 1 << 20;
export const E_LINK_BAD_FRAME: u32 = 1 << 21; // frame outside the arena / caplen too big
