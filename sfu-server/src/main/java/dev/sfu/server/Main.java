package dev.sfu.server;

/** Starts the SFU. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("sfu: skeleton");
    }
}
