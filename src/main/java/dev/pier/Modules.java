package dev.pier;

import dev.pier.config.ConfigLoader;
import dev.pier.config.DirectiveRegistry;
import dev.pier.config.PierConfig;
import dev.pier.config.Settings;
import dev.pier.config.syntax.ConfigDirective;
import dev.pier.config.syntax.ConfigParser;
import dev.pier.content.file.AutoindexModule;
import dev.pier.content.file.StaticFileModule;
import dev.pier.content.file.TryFilesModule;
import dev.pier.core.MainModule;
import dev.pier.http.ConnectionLimitsModule;
import dev.pier.http.HttpCoreModule;
import dev.pier.http.HttpModule;
import dev.pier.http.MimeTypesModule;
import dev.pier.http.errorpage.ErrorPageModule;
import dev.pier.http.filter.charset.CharsetModule;
import dev.pier.http.filter.expires.ExpiresModule;
import dev.pier.http.filter.headers.HeadersModule;
import dev.pier.http.filter.headers.MoreHeadersModule;
import dev.pier.http.map.GeoModule;
import dev.pier.http.map.MapModule;
import dev.pier.http.map.SplitClientsModule;
import dev.pier.http.realip.RealIpModule;
import dev.pier.http.rewrite.RewriteModule;
import dev.pier.variables.Variables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one list of Pier's modules, and the load of a configuration file through them. */
public final class Modules {
    /** Order matters where modules share a phase: the first to claim a location's content handler wins. */
    private static final List<HttpModule> HTTP_MODULES = List.of(
            new ConnectionLimitsModule(),
            new dev.pier.http.v2.Http2Module(),
            new MimeTypesModule(),
            // nginx's post-read phase: before any module's server rewrite step or pre-content step
            new RealIpModule(),
            new dev.pier.http.access.AccessModule(),
            new MapModule(),
            new SplitClientsModule(),
            new GeoModule(),
            new RewriteModule(),
            new dev.pier.upstream.UpstreamModule(),
            new ErrorPageModule(),
            // header filters run in this order, as nginx's: headers-more, then expires and add_header, then charset
            new MoreHeadersModule(),
            new ExpiresModule(),
            new HeadersModule(),
            new CharsetModule(),
            new AutoindexModule(),
            new TryFilesModule(),
            new dev.pier.http.mirror.MirrorModule(),
            new dev.pier.proxy.header.ProxyHeadersModule(),
            new dev.pier.proxy.ProxyModule(),
            new dev.pier.tls.ProxySslModule(),
            new StaticFileModule(),
            new dev.pier.upstream.health.HealthCheckModule(),
            new dev.pier.proxy.resolve.ResolverModule(),
            new dev.pier.tls.TlsModule(),
            new dev.pier.log.AccessLogModule());

    private static final DirectiveRegistry REGISTRY = registry();

    private Modules() { }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("core");
        names.add("http_core");
        for (HttpModule m : HTTP_MODULES) {
            names.add(m.getClass().getSimpleName());
        }
        return names;
    }

    private static DirectiveRegistry registry() {
        DirectiveRegistry r = new DirectiveRegistry();
        new MainModule().directives(r);
        new HttpCoreModule(HTTP_MODULES).directives(r);
        for (HttpModule m : HTTP_MODULES) {
            m.directives(r);
        }
        new dev.pier.http.PendingDirectivesModule().directives(r);
        return r;
    }

    /**
     * Loads {@code file} with relative paths under {@code prefix}, then applies {@code extra} (the -g directives)
     * at main level. Throws {@link dev.pier.config.syntax.ConfigException} with nginx's wording on any error.
     */
    public static PierConfig load(Path prefix, Path file, String extra) {
        Path abs = file.toAbsolutePath().normalize();
        // nginx applies -g before the file, so a directive in both is "duplicate" at the file's line
        List<ConfigDirective> tree = new ArrayList<>();
        if (extra != null && !extra.isBlank()) {
            tree.addAll(ConfigParser.parseParameters(extra, abs.getParent()));
        }
        tree.addAll(ConfigParser.parseFile(abs));
        Variables.startLoad();
        ConfigLoader loader = new ConfigLoader(REGISTRY, prefix.toAbsolutePath().normalize(), abs.getParent());
        Settings main;
        try {
            main = loader.loadMain(tree);
            Variables.finishLoad();
        } finally {
            Variables.abandonLoad();
        }
        MainModule.checkComplete(main);
        return new PierConfig(prefix, abs, main.freeze(), loader.result(), loader.result().warnings());
    }
}
