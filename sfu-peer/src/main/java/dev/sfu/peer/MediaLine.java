package dev.sfu.peer;

/** One m-line of the peer's offers, in the order it was added (its mid never changes). */
sealed interface MediaLine permits LocalTrack, ReceiveSlot {
    String mid();

    /** "audio" or "video". */
    String kind();
}
