package dev.sfu.loadtest;

/** {@code java -jar sfu-loadtest.jar --url http://127.0.0.1:8080 --subscribers 20 --duration 30 --json out.json} */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("sfu-loadtest: " + e.getMessage());
            }
            System.err.print(LoadOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Report report = new LoadRun(options, System.out).run();
        report.printTable(System.out, options.perSecond());
        if (options.json() != null) {
            report.writeJson(options.json());
            System.out.println("JSON report: " + options.json().toAbsolutePath());
        }
        System.exit(report.exitStatus());
    }
}
