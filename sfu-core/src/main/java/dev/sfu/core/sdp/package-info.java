/**
 * SDP for a Unified Plan, max-bundle, ICE-lite SFU (RFC 8866 SDP, RFC 8829 JSEP, RFC 8843 BUNDLE,
 * RFC 8853 simulcast, RFC 8851 rid, RFC 8285 extmap). The client is always the offerer.
 *
 * <pre>
 *   offer text --SessionDescription.parse--> generic lines --Offer.parse--> Offer (validated, typed)
 *        Offer.media() --MediaNegotiator.answerReceiving / answerSending / reject--> AnsweredMedia
 *        AnsweredMedia... --AnswerBuilder.add ... build--> answer text
 * </pre>
 *
 * Every parser throws only {@link dev.sfu.core.sdp.SdpException}, with a message for the client developer.
 * All types are immutable records except {@link dev.sfu.core.sdp.AnswerBuilder}. This package imports
 * only the JDK.
 */
package dev.sfu.core.sdp;
