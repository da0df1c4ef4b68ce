/**
 * WebRTC data channels (RFC 8831) over one {@link dev.sfu.core.sctp.SctpAssociation}, opened with the Data
 * Channel Establishment Protocol (RFC 8832).
 *
 * <pre>
 *   SctpAssociation --onMessage(stream, ppid, bytes)--&gt; DataChannelEndpoint
 *        PPID 50: DATA_CHANNEL_OPEN -&gt; new DataChannel, DATA_CHANNEL_ACK back; ACK -&gt; channel open
 *        PPID 51/53 (56/57 empty; 54/52 deprecated partial, joined) -&gt; Listener.onMessage(channel, data, binary)
 *   DataChannel.send --PPID, reliability of the channel--&gt; SctpAssociation.send
 *   DataChannel.close --&gt; stream reset (RFC 6525); the peer's reset of the stream closes the channel
 * </pre>
 *
 * <p>Everything here is confined to the association's thread, as the association is. This package uses
 * only {@code sctp} of the project.
 */
package dev.sfu.core.datachannel;
