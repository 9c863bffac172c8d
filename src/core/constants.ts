/**
 * Socket constants named as in Linux and Python's `socket` module, with the
 * same numeric values as Linux (x86_64 / generic). Protocol numbers given to
 * sockfam (ETH_P_*) are in host order: sockfam converts to network order itself.
 *
 * @example
 * ```ts
 * import { AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_REUSEADDR } from "sockfam/core";
 * console.log(AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_REUSEADDR); // 2 2 1 2
 * ```
 * @module
 */

// Address families
/** Unix domain sockets (filesystem or abstract namespace). */
export const AF_UNIX = 1;
/** IPv4. */
export const AF_INET = 2;
/** IPv6. */
export const AF_INET6 = 10;
/** Link-layer (packet) sockets, Linux only. */
export const AF_PACKET = 17;
/** Unspecified family (getaddrinfo-style "any"). */
export const AF_UNSPEC = 0;

// Socket types
/** Reliable byte stream (TCP, UNIX stream). */
export const SOCK_STREAM = 1;
/** Datagrams (UDP, UNIX datagram, cooked packet). */
export const SOCK_DGRAM = 2;
/** Raw frames or IP packets. */
export const SOCK_RAW = 3;
/** Reliable ordered datagrams (UNIX seqpacket). */
export const SOCK_SEQPACKET = 5;

// Levels
/** Socket-level options. */
export const SOL_SOCKET = 1;
/** IP-level options (same value as IPPROTO_IP). */
export const SOL_IP = 0;
/** Packet-socket options. */
export const SOL_PACKET = 263;

// Protocols
/** IPv4 protocol level / default protocol. */
export const IPPROTO_IP = 0;
/** ICMP. */
export const IPPROTO_ICMP = 1;
/** IGMP. */
export const IPPROTO_IGMP = 2;
/** TCP. */
export const IPPROTO_TCP = 6;
/** UDP. */
export const IPPROTO_UDP = 17;
/** IPv6 protocol level. */
export const IPPROTO_IPV6 = 41;
/** IPv6 routing header. */
export const IPPROTO_ROUTING = 43;
/** IPv6 fragment header. */
export const IPPROTO_FRAGMENT = 44;
/** ICMPv6. */
export const IPPROTO_ICMPV6 = 58;
/** IPv6 no next header. */
export const IPPROTO_NONE = 59;
/** IPv6 destination options. */
export const IPPROTO_DSTOPTS = 60;
/** IPv6 hop-by-hop options. */
export const IPPROTO_HOPOPTS = 0;
/** Raw IP (with IP_HDRINCL implied). */
export const IPPROTO_RAW = 255;

// Ethernet protocol numbers (host order)
/** Every protocol (AF_PACKET). */
export const ETH_P_ALL = 0x0003;
/** IPv4. */
export const ETH_P_IP = 0x0800;
/** ARP. */
export const ETH_P_ARP = 0x0806;
/** 802.1Q VLAN tag. */
export const ETH_P_8021Q = 0x8100;
/** 802.1ad QinQ service tag. */
export const ETH_P_8021AD = 0x88a8;
/** IPv6. */
export const ETH_P_IPV6 = 0x86dd;
/** Local experimental ethertype 1 (IEEE 802). */
export const ETH_P_802_EX1 = 0x88b5;

// SOL_SOCKET options
/** Print debugging info. */
export const SO_DEBUG = 1;
/** Allow reuse of local addresses. */
export const SO_REUSEADDR = 2;
/** Socket type (read-only). */
export const SO_TYPE = 3;
/** Pending error (read-only). */
export const SO_ERROR = 4;
/** Bypass routing. */
export const SO_DONTROUTE = 5;
/** Allow sending to broadcast addresses. */
export const SO_BROADCAST = 6;
/** Send buffer size. */
export const SO_SNDBUF = 7;
/** Receive buffer size. */
export const SO_RCVBUF = 8;
/** TCP keepalive probes. */
export const SO_KEEPALIVE = 9;
/** Out-of-band data inline. */
export const SO_OOBINLINE = 10;
/** Linger on close. */
export const SO_LINGER = 13;
/** Allow several sockets to bind the same port. */
export const SO_REUSEPORT = 15;
/** Receive low-water mark. */
export const SO_RCVLOWAT = 18;
/** Receive timeout. */
export const SO_RCVTIMEO = 20;
/** Send timeout. */
export const SO_SNDTIMEO = 21;
/** Bind to a device. */
export const SO_BINDTODEVICE = 25;
/** Attach a classic BPF filter. */
export const SO_ATTACH_FILTER = 26;
/** Detach the BPF filter. */
export const SO_DETACH_FILTER = 27;
/** Timestamps on received packets. */
export const SO_TIMESTAMP = 29;
/** Is the socket listening (read-only). */
export const SO_ACCEPTCONN = 30;
/** Nanosecond kernel receive timestamps (SCM_TIMESTAMPNS), read by `recvmsg`/`recvBatch` on native sockets. */
export const SO_TIMESTAMPNS = 35;
/** Protocol (read-only). */
export const SO_PROTOCOL = 38;
/** Domain (read-only). */
export const SO_DOMAIN = 39;
/** Count of dropped packets in ancillary data. */
export const SO_RXQ_OVFL = 40;

// IPPROTO_IP options
/** IP type of service. */
export const IP_TOS = 1;
/** IP time to live. */
export const IP_TTL = 2;
/** The application supplies the IP header. */
export const IP_HDRINCL = 3;
/** IP options. */
export const IP_OPTIONS = 4;
/** Receive ancillary packet info. */
export const IP_PKTINFO = 8;
/** Path MTU discovery. */
export const IP_MTU_DISCOVER = 10;
/** Outgoing multicast interface. */
export const IP_MULTICAST_IF = 32;
/** Multicast TTL. */
export const IP_MULTICAST_TTL = 33;
/** Loop multicast back to local sockets. */
export const IP_MULTICAST_LOOP = 34;
/** Join a multicast group. */
export const IP_ADD_MEMBERSHIP = 35;
/** Leave a multicast group. */
export const IP_DROP_MEMBERSHIP = 36;

// IPPROTO_IPV6 options
/** Unicast hop limit. */
export const IPV6_UNICAST_HOPS = 16;
/** Outgoing multicast interface. */
export const IPV6_MULTICAST_IF = 17;
/** Multicast hop limit. */
export const IPV6_MULTICAST_HOPS = 18;
/** Loop multicast back. */
export const IPV6_MULTICAST_LOOP = 19;
/** Join a multicast group (alias of IPV6_ADD_MEMBERSHIP). */
export const IPV6_JOIN_GROUP = 20;
/** Join a multicast group. */
export const IPV6_ADD_MEMBERSHIP = 20;
/** Leave a multicast group (alias of IPV6_DROP_MEMBERSHIP). */
export const IPV6_LEAVE_GROUP = 21;
/** Leave a multicast group. */
export const IPV6_DROP_MEMBERSHIP = 21;
/** Restrict an AF_INET6 socket to IPv6 only. */
export const IPV6_V6ONLY = 26;

// IPPROTO_TCP options
/** Disable Nagle's algorithm. */
export const TCP_NODELAY = 1;
/** Maximum segment size. */
export const TCP_MAXSEG = 2;
/** Idle time before keepalive probes. */
export const TCP_KEEPIDLE = 4;
/** Interval between keepalive probes. */
export const TCP_KEEPINTVL = 5;
/** Number of keepalive probes. */
export const TCP_KEEPCNT = 6;
/** Quick ACK mode. */
export const TCP_QUICKACK = 12;

// SOL_PACKET options
/** Join a link-layer multicast group / promiscuous mode. */
export const PACKET_ADD_MEMBERSHIP = 1;
/** Leave a membership. */
export const PACKET_DROP_MEMBERSHIP = 2;
/** Received/dropped counters (read resets them). */
export const PACKET_STATISTICS = 6;
/** Memory-mapped receive ring. */
export const PACKET_RX_RING = 5;
/** Ring version. */
export const PACKET_VERSION = 10;
/** Memory-mapped transmit ring. */
export const PACKET_TX_RING = 13;
/** Share traffic among a group of sockets. */
export const PACKET_FANOUT = 18;
/** Membership type: promiscuous mode. */
export const PACKET_MR_PROMISC = 1;
/** Membership type: multicast address. */
export const PACKET_MR_MULTICAST = 0;
/** Membership type: all multicast. */
export const PACKET_MR_ALLMULTI = 2;
/** Fanout mode: flow hash. */
export const PACKET_FANOUT_HASH = 0;
/** Fanout mode: round robin. */
export const PACKET_FANOUT_LB = 1;
/** Fanout mode: by CPU. */
export const PACKET_FANOUT_CPU = 2;

// Packet types (sll_pkttype)
/** To us. */
export const PACKET_HOST = 0;
/** To all. */
export const PACKET_BROADCAST = 1;
/** To group. */
export const PACKET_MULTICAST = 2;
/** To someone else. */
export const PACKET_OTHERHOST = 3;
/** Outgoing, looped back. */
export const PACKET_OUTGOING = 4;

// shutdown() how
/** No more receptions. */
export const SHUT_RD = 0;
/** No more transmissions. */
export const SHUT_WR = 1;
/** Neither. */
export const SHUT_RDWR = 2;

// Message flags
/** Peek at incoming data without removing it. */
export const MSG_PEEK = 2;
/** Do not block. */
export const MSG_DONTWAIT = 0x40;
/** Wait for the full request. */
export const MSG_WAITALL = 0x100;
/** Report truncated datagram's real length. */
export const MSG_TRUNC = 0x20;

// pcap link types
/** Ethernet (DLT_EN10MB). */
export const LINKTYPE_ETHERNET = 1;
/** BSD loopback (DLT_NULL). */
export const LINKTYPE_NULL = 0;
/** Raw IPv4/IPv6 (LINKTYPE_RAW). */
export const LINKTYPE_RAW = 101;
/** OpenBSD loopback (DLT_LOOP). */
export const LINKTYPE_LOOP = 108;
/** Linux cooked capture v1. */
export const LINKTYPE_LINUX_SLL = 113;
/** Raw IPv4. */
export const LINKTYPE_IPV4 = 228;
/** Raw IPv6. */
export const LINKTYPE_IPV6 = 229;
/** Linux cooked capture v2. */
export const LINKTYPE_LINUX_SLL2 = 276;
