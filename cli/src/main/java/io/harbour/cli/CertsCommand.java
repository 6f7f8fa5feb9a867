package io.harbour.cli;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.IssuedCertificate;
import io.harbour.certs.LeafCertificateSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code harbour certs init | server | client}: a development (or private) CA, server
 * certificates for the receiver and query API, and client certificates for sensors, in the
 * {@link CertificateDirectory} layout that {@code harbour up} and the services' configuration
 * use. The default directory is {@code harbour up}'s ({@code <state>/certs}), so a CA made here is
 * the one {@code up} uses, and the other way round.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Make a development CA, server certificates and sensor (client) certificates.",
        subcommands = {CertsCommand.Init.class, CertsCommand.Server.class, CertsCommand.Client.class})
final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: init, server or client");
    }

    /** {@code --dir}, shared by the three subcommands. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "The certificate directory (default: harbour up's, $HARBOUR_STATE_DIR/certs or ./state/certs).")
        Path dir;

        CertificateDirectory open() {
            return CertificateDirectory.at(dir != null ? dir.toAbsolutePath().normalize() : StateDir.of(null).certs());
        }
    }

    /** The CA of {@code certs}, or a message that says how to make one. */
    static CertificateAuthority existingCa(CertificateDirectory certs) throws IOException {
        if (!Files.exists(certs.privateKey(CertificateDirectory.CA))) {
            throw new IllegalStateException("no CA in " + certs.directory() + " (" + certs.privateKey(CertificateDirectory.CA).getFileName()
                            + " is missing): run `harbour certs init" + dirHint(certs) + "` first");
        }
        return certs.loadCa();
    }

    private static String dirHint(CertificateDirectory certs) {
        return certs.directory().equals(StateDir.of(null).certs()) ? "" : " --dir " + certs.directory();
    }

    /**
     * The closing lines every subcommand prints: what sensors must trust (seed 000). The PEM
     * itself, not only its path: a sensor's or console's trusted-certificate field takes pasted
     * text, and the operator is often on another machine than the one holding the file.
     */
    static void printTrust(PrintWriter out, CertificateDirectory certs) throws IOException {
        Path ca = certs.certificate(CertificateDirectory.CA);
        out.println();
        out.println("Install this CA certificate on every sensor and client that connects to Harbour");
        out.println("(ExtraHop: add it as a trusted certificate on the sensor or console). The file:");
        out.println("  " + ca);
        out.println("and its content, to paste:");
        String pem = Files.readString(ca, StandardCharsets.US_ASCII);
        out.print(pem.endsWith("\n") ? pem : pem + "\n");
        out.flush();
    }

    private static int failed(CommandSpec spec, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a CA (ca.pem, ca-key.pem); an existing CA is kept, never replaced.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DirOption dir;

        @Option(names = "--subject", paramLabel = "DN", description = "The CA's subject (default: \"${DEFAULT-VALUE}\").")
        String subject = UpCommand.CA_SUBJECT;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                CertificateDirectory certs = dir.open();
                boolean existed = Files.exists(certs.privateKey(CertificateDirectory.CA));
                Files.createDirectories(certs.directory());
                CertificateAuthority ca = certs.loadOrCreateCa(subject);
                if (existed) {
                    out.println("kept the existing CA " + ca.certificate().getSubjectX500Principal().getName()
                            + " (replacing it would invalidate every certificate it issued)");
                } else {
                    out.println("created CA " + ca.certificate().getSubjectX500Principal().getName()
                            + ", valid until " + ca.certificate().getNotAfter().toInstant());
                }
                out.println("  certificate  " + certs.certificate(CertificateDirectory.CA));
                out.println("  private key  " + certs.privateKey(CertificateDirectory.CA) + "   (mode 600; keep it off sensors)");
                printTrust(out, certs);
                return 0;
            } catch (Exception e) {
                return failed(spec, e);
            }
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Issue a server certificate (for the receiver or query API) signed by the CA.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DirOption dir;

        @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name senders use (repeatable).")
        List<String> dns = new ArrayList<>();

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP address senders use (repeatable).")
        List<String> ips = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "File name stem (default: ${DEFAULT-VALUE}).")
        String name = UpCommand.SERVER_NAME;

        @Option(names = "--cn", paramLabel = "CN", description = "Common name (default: the first --dns, else the first --ip).")
        String commonName;

        @Option(names = "--days", paramLabel = "DAYS", description = "Validity in days (default: ${DEFAULT-VALUE}, at most 825).")
        int days = (int) LeafCertificateSpec.DEFAULT_LEAF_VALIDITY.toDays();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                if (dns.isEmpty() && ips.isEmpty()) {
                    throw new IllegalArgumentException("give at least one --dns or --ip: clients match the server by these names only");
                }
                List<String> sans = new ArrayList<>(dns);
                for (String ip : ips) {
                    if (!isIpLiteral(ip)) {
                        throw new IllegalArgumentException("--ip " + ip + " is not an IP address");
                    }
                    sans.add(ip);
                }
                for (String d : dns) {
                    if (isIpLiteral(d)) {
                        throw new IllegalArgumentException("--dns " + d + " is an IP address: use --ip");
                    }
                }
                CertificateDirectory certs = dir.open();
                CertificateAuthority ca = existingCa(certs);
                String cn = commonName != null ? commonName : sans.get(0);
                IssuedCertificate issued = ca.issue(LeafCertificateSpec.server(cn, sans).withValidity(Duration.ofDays(days)));
                certs.write(name, issued, null);
                out.println("issued server certificate CN=" + cn + " for " + String.join(", ", sans)
                        + ", valid until " + issued.certificate().getNotAfter().toInstant());
                out.println("  certificate  " + certs.certificate(name));
                out.println("  chain        " + certs.chain(name) + "   (tls.certificate_chain)");
                out.println("  private key  " + certs.privateKey(name) + "   (tls.private_key, mode 600)");
                printTrust(out, certs);
                return 0;
            } catch (Exception e) {
                return failed(spec, e);
            }
        }

        private static boolean isIpLiteral(String text) {
            return text.indexOf(':') >= 0 ? text.matches("[0-9A-Fa-f:.]+") : text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(text.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Issue a client certificate for a sensor (mTLS), as PEM files and a PKCS#12 file.")
    static final class Client implements Callable<Integer> {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Spec
        CommandSpec spec;

        @Mixin
        DirOption dir;

        @Option(names = "--subject", required = true, paramLabel = "DN",
                description = "The sensor's subject, e.g. CN=sensor-1,O=acme; list it in a realm (realm create --client-subject).")
        String subject;

        @Option(names = "--name", paramLabel = "NAME", description = "File name stem (default: the subject's CN).")
        String name;

        @Option(names = "--p12-password", paramLabel = "PASSWORD",
                description = "Password of the .p12 file (default: a random one, printed once).")
        String password;

        @Option(names = "--days", paramLabel = "DAYS", description = "Validity in days (default: ${DEFAULT-VALUE}, at most 825).")
        int days = (int) LeafCertificateSpec.DEFAULT_LEAF_VALIDITY.toDays();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                String stem = name != null ? name : commonName(subject);
                CertificateDirectory certs = dir.open();
                CertificateAuthority ca = existingCa(certs);
                IssuedCertificate issued = ca.issue(LeafCertificateSpec.client(subject).withValidity(Duration.ofDays(days)));
                boolean generated = password == null;
                String p12Password = generated ? randomPassword() : password;
                certs.write(stem, issued, p12Password.toCharArray());
                out.println("issued client certificate " + issued.subject() + ", valid until "
                        + issued.certificate().getNotAfter().toInstant());
                out.println("  certificate  " + certs.certificate(stem));
                out.println("  chain        " + certs.chain(stem));
                out.println("  private key  " + certs.privateKey(stem) + "   (mode 600)");
                out.println("  PKCS#12      " + certs.pkcs12(stem) + (generated ? "   password: " + p12Password + "   (shown only this once)"
                        : "   (password as given)"));
                out.println("Let a realm accept it: harbour realm create REALM --client-subject '" + issued.subject() + "'");
                printTrust(out, certs);
                return 0;
            } catch (Exception e) {
                return failed(spec, e);
            }
        }

        /** The CN, made safe as a file name; the subject must have one. */
        static String commonName(String subject) {
            try {
                for (Rdn rdn : new LdapName(subject).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        String stem = rdn.getValue().toString().replaceAll("[^A-Za-z0-9._-]", "_");
                        return stem.isEmpty() || !Character.isLetterOrDigit(stem.charAt(0)) ? "client-" + stem : stem;
                    }
                }
            } catch (InvalidNameException e) {
                throw new IllegalArgumentException("--subject " + subject + " is not a distinguished name: " + e.getMessage());
            }
            throw new IllegalArgumentException("--subject " + subject + " has no CN; give one, or --name");
        }

        private static String randomPassword() {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
