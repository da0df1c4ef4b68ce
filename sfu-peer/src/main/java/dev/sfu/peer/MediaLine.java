package dev.sfu.peer;

/** One m-line of the peer's offers, in the order it was added (its mid never changes). */
sealed interface MediaLine permits LocalTrack, ReceiveSlot, DataLine {
    String mid();

    /** "audio", "video" or "application". */
    String kind();
}
