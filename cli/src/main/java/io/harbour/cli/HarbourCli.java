package io.harbour.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "harbour", mixinStandardHelpOptions = true, version = "harbour 0.1.0",
        description = "Harbour: HTTPS log receiver and ingestion pipeline (Kafka, Elasticsearch).",
        subcommands = {UpCommand.class, DoctorCommand.class, ReceiverCommand.class, IndexerCommand.class, QueryApiCommand.class, RetentionCommand.class, RealmCommand.class, TokenCommand.class, CertsCommand.class, ImportObservationsCommand.class, ExportCommand.class, QueryCommand.class, TailCommand.class, CommandLine.HelpCommand.class})
public final class HarbourCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new HarbourCli()).execute(args));
    }
}
