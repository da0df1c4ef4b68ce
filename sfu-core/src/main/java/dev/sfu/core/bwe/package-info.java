/**
 * Bandwidth estimation toward each receiver (draft-ietf-rmcat-gcc-02, as libwebrtc's GoogCC runs it
 * with transport-wide feedback), REMB as fallback, and probing before a layer step-up.
 *
 * <pre>
 *   sent packets + transport-cc feedback --&gt; SendSideBandwidthEstimator --&gt; estimateBps()
 *        InterArrivalDelta -&gt; TrendlineEstimator -&gt; OveruseDetector -&gt; AimdRateController  (delay)
 *        lost / expected over ~1 s               -&gt; LossBasedController                   (loss)
 *        received bytes over the receiver's clock -&gt; acknowledged bitrate
 *   layer allocation --requestStepUp--&gt; ProbeController --paddingBytes--&gt; padding / RTX probes
 * </pre>
 *
 * <p>Every class is confined to the receiver's event loop; the per-packet calls allocate nothing.
 * Imports only the JDK and the rtcp, stats and time packages; nothing of routing.
 */
package dev.sfu.core.bwe;
