package netlink.workshop.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lesson site as a reader sees it: every page of the built site
 * ({@code target/site}, from {@code ./workshop docs}) opened in Debian's
 * Chromium through Selenium and Debian's chromedriver, in English and Thai.
 *
 * <p>One browser session visits every page once, clicking each language
 * switch for real; the tests below then judge what it saw, one kind of
 * check each, naming the page and the fix for every failure. Search is
 * typed into Material's search box. The site is served from this test on
 * 127.0.0.1 by the JDK's {@code com.sun.net.httpserver}, on a free port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsIT {

    /**
     * Debian's packages chromium and chromium-driver; nothing is downloaded.
     * (-Dworkshop.chromium and -Dworkshop.chromedriver name others.)
     */
    private static final Path CHROMIUM = Path.of(System.getProperty("workshop.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("workshop.chromedriver", "/usr/bin/chromedriver"));

    /** Bounds for one page to load and for search to answer; waits poll, never sleep. */
    private static final Duration PAGE_BOUND = Duration.ofSeconds(120);
    private static final Duration SEARCH_BOUND = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);

    /** {@code --8<-- "path"}: pymdownx.snippets includes a file of the repository. */
    private static final Pattern INCLUDE = Pattern.compile("--8<-- \"([^\"]+)\"");

    /** The lesson pages hide the exercise markers of the included sources (the kit's convention). */
    private static final Pattern MARKER = Pattern.compile("^\\s*(/\\*|//)\\s*(TODO|HINT|END TODO) \\d+\\b");

    /** A chapter page: a stage (stages/NN-name/) or a Part 2 chapter (part2/NN-name/). */
    private static final Pattern CHAPTER = Pattern.compile("(stages|part2)/(\\d\\d-[^/]+)/");

    private static final List<String> LANGUAGES = List.of("en", "th");

    /**
     * What a page shows, read in the browser in one round trip once its fonts
     * are in (each WebElement call would be one request to chromedriver, and a
     * page has dozens of elements): its language, the article's text as a
     * reader sees it (innerText: not what closed ??? blocks hide), its code
     * blocks (textContent: also those in closed ??? blocks), its images and
     * whether each displays, the language switches, every element that loads a
     * URL (but the links that only name one), every URL the page requested
     * (fonts and images from CSS, the search index, ...) from the Resource
     * Timing API, and the states of the Thai web font.
     */
    private static final String PAGE_FACTS = String.join("\n",
            "const done = arguments[arguments.length - 1];",
            "document.fonts.ready.then(() => {",
            "  const art = document.querySelector('article.md-content__inner');",
            "  done({",
            "    lang: document.documentElement.lang,",
            "    article: art !== null,",
            "    text: art ? art.innerText : '',",
            "    code: art ? [...art.querySelectorAll('pre')].map(p => p.textContent) : [],",
            "    images: art ? [...art.querySelectorAll('img')].map(i => [i.src, i.complete && i.naturalWidth > 0]) : [],",
            "    switches: [...document.querySelectorAll('a[data-ws-lang-switch]')].map(a => a.href),",
            "    loads: [...document.querySelectorAll('script[src], link[href], img[src], iframe[src], source[src],'",
            "        + ' video[src], audio[src], embed[src], object[data]')]",
            "      .filter(e => !(e.tagName === 'LINK' && /\\b(canonical|alternate)\\b/.test(e.rel)))",
            "      .map(e => [e.tagName.toLowerCase(), e.src || e.href || e.data]),",
            "    requests: performance.getEntriesByType('resource').map(e => e.name),",
            "    thaiFont: [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Workshop Thai')",
            "      .map(f => f.status),",
            "  });",
            "});");

    /** Kept here: java.util.logging holds its loggers weakly. */
    private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private Path root;
    private Path site;
    private Path shots;
    private HttpServer server;
    private ExecutorService serverThreads;
    private String base;
    private Path profile;
    private ChromeDriverService service;
    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    /** Every page of the site, "en/concepts/" say, and what the browser showed of it. */
    private final Map<String, PageView> views = new LinkedHashMap<>();
    private final TreeSet<String> pages = new TreeSet<>();

    /** What a reader's browser showed of one page. */
    static final class PageView {
        final String page;
        String htmlLang;
        boolean hasArticle;
        String text = "";
        List<String> codeBlocks = List.of();
        List<String> switches = List.of();
        /** The URL the browser showed after clicking the language switch; null if not clicked. */
        String switchArrivedAt;
        /** What the page loads: ("<script> loads", url), ("a request fetches", url). */
        List<Map.Entry<String, String>> loads = List.of();
        Map<String, Boolean> images = Map.of();
        List<String> thaiFont = List.of();

        PageView(String page) {
            this.page = page;
        }
    }

    @BeforeAll
    void browseEveryPage() throws Exception {
        root = Path.of(System.getProperty("workshop.root", "..")).toAbsolutePath().normalize();
        site = root.resolve("target/site");
        if (!Files.isRegularFile(site.resolve("index.html"))) {
            fail("no built site: run ./workshop docs (or ./workshop test, which builds it) first");
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + ": run apt-get install chromium chromium-driver (./workshop test installs them)");
        }
        shots = root.resolve("target/docs-check");
        Files.createDirectories(shots);
        try (Stream<Path> old = Files.list(shots)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p);
            }
        }
        for (String lang : LANGUAGES) {
            Path dir = site.resolve(lang);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                all.filter(p -> p.getFileName().toString().equals("index.html"))
                        .map(p -> site.relativize(p.getParent()).toString() + "/")
                        .forEach(pages::add);
            }
        }
        long start = System.nanoTime();
        serve();
        startBrowser();
        TreeSet<String> rests = pages.stream().map(p -> p.substring(3)).collect(Collectors.toCollection(TreeSet::new));
        for (String rest : rests) {
            // en/X, then its switch to th/X (looked at where the click lands), then back.
            boolean onThai = false;
            if (pages.contains("en/" + rest)) {
                PageView en = look("en/" + rest, false);
                en.switchArrivedAt = clickLanguageSwitch();
                onThai = (base + "th/" + rest).equals(en.switchArrivedAt);
            }
            if (pages.contains("th/" + rest)) {
                PageView th = look("th/" + rest, onThai);
                th.switchArrivedAt = clickLanguageSwitch();
            }
        }
        System.out.printf("DocsIT: %d pages opened in %s, every language switch clicked, in %d s%n",
                views.size(), browser.getCapabilities().getBrowserVersion(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
        if (profile != null) {
            try (Stream<Path> all = Files.walk(profile)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void everyPageExistsInEnglishAndThai() {
        SoftAssertions softly = new SoftAssertions();
        long english = pages.stream().filter(p -> p.startsWith("en/")).count();
        softly.assertThat(english)
                .as("site: only %d English pages in target/site: the build is incomplete; run ./workshop docs", english)
                .isGreaterThanOrEqualTo(12);
        for (String page : pages) {
            String other = otherLanguage(page);
            String missing = source(page)
                    .map(md -> "docs/" + other.substring(0, 2) + "/" + root.resolve("docs").resolve(page.substring(0, 2))
                            .relativize(md))
                    .orElse("docs/" + other);
            softly.assertThat(pages)
                    .as("%s exists only in %s: write %s and list it in mkdocs.yml's nav",
                            page, page.substring(0, 2), missing)
                    .contains(other);
        }
        softly.assertAll();
    }

    @Test
    void everyPageIsMarkedWithItsLanguage() {
        SoftAssertions softly = new SoftAssertions();
        for (PageView v : views.values()) {
            softly.assertThat(v.hasArticle)
                    .as("%s: Chromium shows no article (article.md-content__inner): see docs/.overrides/main.html", v.page)
                    .isTrue();
            softly.assertThat(v.htmlLang)
                    .as("%s: <html lang> must be the page's language: see docs/.overrides/partials/language.html", v.page)
                    .isEqualTo(v.page.substring(0, 2));
        }
        softly.assertAll();
    }

    /**
     * Stage pages (and Part 2 chapters that include files) show every file they
     * include as a code block, and include every source and the expected output
     * of their folder, so that a page cannot drift from the code.
     */
    @Test
    void chapterPagesShowEveryIncludedFile() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        int chapters = 0;
        for (PageView v : views.values()) {
            Matcher chapter = CHAPTER.matcher(v.page.substring(3));
            if (!chapter.matches()) {
                continue;
            }
            Path md = source(v.page).orElse(null);
            if (md == null) {
                softly.fail("%s: no Markdown source found under docs/ for this page", v.page);
                continue;
            }
            String mdName = root.relativize(md).toString();
            List<String> all = new ArrayList<>();
            Matcher m = INCLUDE.matcher(Files.readString(md));
            while (m.find()) {
                all.add(m.group(1));
            }
            boolean stage = chapter.group(1).equals("stages");
            if (!stage && all.isEmpty()) {
                continue;
            }
            chapters++;
            // Diffs (--8<-- "diff:OLD:NEW") are made by the build, not files of the repository.
            List<String> includes = all.stream().filter(i -> !i.startsWith("diff:")).collect(Collectors.toList());
            Path steps = root.resolve(stage ? "steps/step" + chapter.group(2) : "steps/part2/" + chapter.group(2));
            Path kernel = root.resolve(stage ? "kernel/step" + chapter.group(2) : "kernel/part2/" + chapter.group(2));
            if (stage || Files.isDirectory(kernel)) {
                softly.assertThat(includes)
                        .as("%s: includes no kernel source: add --8<-- \"kernel/...\" to %s", v.page, mdName)
                        .anyMatch(i -> i.startsWith("kernel/"));
            }
            for (String wanted : folderFiles(steps)) {
                softly.assertThat(includes)
                        .as("%s: does not include %s: add --8<-- \"%s\" to %s", v.page, wanted, wanted, mdName)
                        .contains(wanted);
            }
            softly.assertThat(v.codeBlocks.size())
                    .as("%s: %d files included but %d code blocks shown: put each --8<-- line inside a ``` fence in %s",
                            v.page, includes.size(), v.codeBlocks.size(), mdName)
                    .isGreaterThanOrEqualTo(includes.size());
            List<String> blocks = v.codeBlocks.stream().map(DocsIT::squeeze).collect(Collectors.toList());
            for (String include : includes) {
                Path file = root.resolve(include);
                if (!Files.isRegularFile(file)) {
                    softly.fail("%s: includes %s, which does not exist: fix the path in %s", v.page, include, mdName);
                    continue;
                }
                String probe = probeLine(file);
                softly.assertThat(blocks.stream().anyMatch(b -> b.contains(probe)))
                        .as("%s: no code block shows %s (looked for \"%s\"): put its --8<-- line inside a ``` fence in %s",
                                v.page, include, abbreviate(probe), mdName)
                        .isTrue();
            }
        }
        softly.assertThat(chapters).as("site: no stage page found under en/stages/ or th/stages/").isGreaterThan(0);
        softly.assertAll();
    }

    @Test
    void thaiPagesAreInThaiSetInTheShippedThaiFont() {
        SoftAssertions softly = new SoftAssertions();
        for (PageView v : views.values()) {
            if (!v.page.startsWith("th/") || !v.hasArticle) {
                continue;
            }
            long thai = v.text.chars().filter(c -> c >= 0x0E00 && c <= 0x0E7F).count();
            int enough = CHAPTER.matcher(v.page.substring(3)).matches() ? 300 : 20;
            softly.assertThat(thai)
                    .as("%s: only %d Thai characters on a Thai page (at least %d): write %s in Thai",
                            v.page, thai, enough, source(v.page).map(root::relativize).orElse(Path.of("docs/th")))
                    .isGreaterThanOrEqualTo(enough);
            softly.assertThat(v.thaiFont)
                    .as("%s: the Thai web font \"Workshop Thai\" did not load (%s): see the @font-face rules in "
                            + "docs/assets/stylesheets/workshop.css and the files in docs/assets/fonts/",
                            v.page, v.thaiFont.isEmpty() ? "not declared" : v.thaiFont)
                    .contains("loaded");
        }
        softly.assertAll();
    }

    @Test
    void languageSwitchLeadsToTheSamePageInTheOtherLanguageAndBack() {
        SoftAssertions softly = new SoftAssertions();
        String fix = "see docs/.overrides/partials/language-switch.html";
        for (PageView v : views.values()) {
            String other = otherLanguage(v.page);
            softly.assertThat(v.switches)
                    .as("%s: %d language switches (a[data-ws-lang-switch]) instead of 1: %s",
                            v.page, v.switches.size(), fix)
                    .hasSize(1);
            if (v.switches.size() != 1) {
                continue;
            }
            softly.assertThat(v.switches.get(0))
                    .as("%s: the language switch leads to %s, not %s: %s", v.page, v.switches.get(0), other, fix)
                    .isEqualTo(base + other);
            softly.assertThat(v.switchArrivedAt)
                    .as("%s: clicking the language switch showed %s, not %s: %s", v.page, v.switchArrivedAt, other, fix)
                    .isEqualTo(base + other);
            int status = status(base + other);
            softly.assertThat(status)
                    .as("%s: the language switch's page %s answers %d: write that page", v.page, other, status)
                    .isEqualTo(200);
            PageView there = views.get(other);
            if (there != null) {
                softly.assertThat(there.switches)
                        .as("%s: the language switch on %s leads to %s, not back here: %s",
                                v.page, other, there.switches, fix)
                        .containsExactly(base + v.page);
            }
        }
        softly.assertAll();
    }

    @Test
    void nothingLoadsFromAnotherHost() {
        SoftAssertions softly = new SoftAssertions();
        for (PageView v : views.values()) {
            for (Map.Entry<String, String> load : v.loads) {
                String url = load.getValue();
                softly.assertThat(url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:"))
                        .as("%s: %s %s from another host: the class has no network; ship the file under docs/assets/ "
                                + "and link it relatively", v.page, load.getKey(), url)
                        .isTrue();
            }
        }
        softly.assertAll();
    }

    @Test
    void everyImageDisplays() {
        SoftAssertions softly = new SoftAssertions();
        for (PageView v : views.values()) {
            v.images.forEach((src, shown) -> softly.assertThat(shown)
                    .as("%s: the image %s does not display: check the file under docs/assets/ and the page's link to it",
                            v.page, src.startsWith(base) ? src.substring(base.length()) : src)
                    .isTrue());
        }
        softly.assertAll();
    }

    /** Material's search runs in the browser; Thai pages split Thai words (lunr.th). */
    @ParameterizedTest(name = "searching {0} for {1}")
    @CsvSource({"th/concepts/, ซ็อกเก็ต", "en/concepts/, callback"})
    void searchFindsAWordInEachLanguage(String page, String query) {
        browser.get(base + page);
        WebElement box = browser.findElement(By.cssSelector("input.md-search__input"));
        if (!box.isDisplayed()) {
            // A narrow window shows only the magnifier, which opens the search.
            browser.findElement(By.cssSelector("label.md-header__button[for=__search]")).click();
        }
        box.click();
        box.sendKeys(query);
        int found;
        try {
            found = new WebDriverWait(browser, SEARCH_BOUND, POLL)
                    .until(d -> {
                        int n = d.findElements(By.cssSelector(".md-search-result__item")).size();
                        return n > 0 ? n : null;
                    });
        } catch (TimeoutException e) {
            found = 0;
        }
        box.sendKeys(Keys.ESCAPE);
        assertThat(found)
                .as("%s: typing \"%s\" into the search box shows no result in %d s: see the search plugin in mkdocs.yml "
                        + "and, for Thai, docs/.overrides/partials/language.html", page, query, SEARCH_BOUND.toSeconds())
                .isGreaterThan(0);
    }

    /** Screenshots for a person to look at: target/docs-check/{en,th}-stage-10.png. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"en", "th"})
    void stageTenRendersForAScreenshot(String lang) throws IOException {
        String page = lang + "/stages/10-user-receive/";
        browser.get(base + page);
        waitForFonts();
        Path shot = shots.resolve(lang + "-stage-10.png");
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot))
                .as("%s: the screenshot %s is only %d bytes: the page rendered blank", page, root.relativize(shot),
                        Files.size(shot))
                .isGreaterThan(10_000L);
    }

    // ------------------------------------------------------------------ browsing

    /** Opens a page (unless the browser shows it already) and records what a reader sees. */
    private PageView look(String page, boolean alreadyThere) {
        if (!alreadyThere) {
            browser.get(base + page);
        }
        PageView v = new PageView(page);
        views.put(page, v);
        Map<?, ?> seen = (Map<?, ?>) ((JavascriptExecutor) browser).executeAsyncScript(PAGE_FACTS);
        v.htmlLang = (String) seen.get("lang");
        v.hasArticle = Boolean.TRUE.equals(seen.get("article"));
        v.switches = strings(seen.get("switches"));
        v.thaiFont = strings(seen.get("thaiFont"));
        v.text = String.valueOf(seen.get("text"));
        v.codeBlocks = strings(seen.get("code"));
        Map<String, Boolean> images = new LinkedHashMap<>();
        for (Object image : (List<?>) seen.get("images")) {
            List<?> srcAndShown = (List<?>) image;
            images.put((String) srcAndShown.get(0), Boolean.TRUE.equals(srcAndShown.get(1)));
        }
        v.images = images;
        List<Map.Entry<String, String>> loads = new ArrayList<>();
        for (Object load : (List<?>) seen.get("loads")) {
            List<?> tagAndUrl = (List<?>) load;
            loads.add(Map.entry("<" + tagAndUrl.get(0) + "> loads", (String) tagAndUrl.get(1)));
        }
        for (String url : strings(seen.get("requests"))) {
            loads.add(Map.entry("a request fetches", url));
        }
        v.loads = loads;
        return v;
    }

    /**
     * Clicks the page's language switch, as a reader would, and waits for the
     * other page to load; returns the URL the browser then shows.
     */
    private String clickLanguageSwitch() {
        List<WebElement> switches = browser.findElements(By.cssSelector("a[data-ws-lang-switch]"));
        if (switches.size() != 1) {
            return null;
        }
        String before = browser.getCurrentUrl();
        switches.get(0).click();
        try {
            new WebDriverWait(browser, PAGE_BOUND, POLL)
                    .ignoring(JavascriptException.class)
                    .until(d -> !before.equals(d.getCurrentUrl()) && "complete".equals(
                            ((JavascriptExecutor) d).executeScript("return document.readyState")));
        } catch (TimeoutException e) {
            // Reported by the switch test: the URL it shows is not the other page.
        }
        return browser.getCurrentUrl();
    }

    /** Waits (bounded by the script timeout) until the page's fonts are in; returns the Thai font's states. */
    @SuppressWarnings("unchecked")
    private List<String> waitForFonts() {
        Object states = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "document.fonts.ready.then(() => done([...document.fonts]"
                        + ".filter(f => f.family.replace(/\"/g, '') === 'Workshop Thai').map(f => f.status)));");
        return (List<String>) states;
    }

    private void startBrowser() throws IOException {
        // The check uses WebDriver only, not the DevTools protocol, so Selenium
        // needs no CDP bindings for this Chromium; say nothing about their absence.
        CDP_LOGGER.setLevel(Level.OFF);
        profile = Files.createTempDirectory("docs-it-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-proxy-server", "--hide-scrollbars", "--window-size=1280,2000",
                "--user-data-dir=" + profile);
        if (runningAsRoot()) {
            options.addArguments("--no-sandbox");
        }
        // The driver is named, so Selenium Manager is never asked to find (or fetch) one.
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(shots.resolve("chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PAGE_BOUND).scriptTimeout(PAGE_BOUND);
    }

    private static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    // ------------------------------------------------------------------ serving

    /** Serves target/site as static files on 127.0.0.1, on a free port. */
    private void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = site.resolve(path.substring(1)).normalize();
            if (file.startsWith(site) && Files.isDirectory(file)) {
                if (!path.endsWith("/")) {
                    exchange.getResponseHeaders().set("Location", path + "/");
                    exchange.sendResponseHeaders(301, -1);
                    return;
                }
                file = file.resolve("index.html");
            }
            if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", contentType(file.getFileName().toString()));
            // The site does not change while the test runs, and the profile is new:
            // let Chromium keep the theme's scripts, the fonts and the search index
            // instead of fetching them again for every page.
            exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head || body.length == 0 ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        switch (ext) {
            case "html": return "text/html; charset=utf-8";
            case "css": return "text/css; charset=utf-8";
            case "js": return "text/javascript; charset=utf-8";
            case "json": case "map": return "application/json";
            case "svg": return "image/svg+xml";
            case "png": return "image/png";
            case "jpg": case "jpeg": return "image/jpeg";
            case "gif": return "image/gif";
            case "ico": return "image/x-icon";
            case "woff": return "font/woff";
            case "woff2": return "font/woff2";
            case "ttf": return "font/ttf";
            case "xml": return "application/xml";
            case "txt": return "text/plain; charset=utf-8";
            default: return "application/octet-stream";
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PAGE_BOUND).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the sources

    /** The Markdown file a page is built from: docs/en/concepts.md or docs/en/stages/index.md. */
    private Optional<Path> source(String page) {
        String stem = page.endsWith("/") ? page.substring(0, page.length() - 1) : page;
        return Stream.of(root.resolve("docs/" + stem + ".md"), root.resolve("docs/" + stem + "/index.md"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /**
     * What a chapter's folder holds that its page must show: the Java sources,
     * the expected output, and the C twin with its expected output (src/main/c).
     */
    private List<String> folderFiles(Path folder) throws IOException {
        List<String> wanted = new ArrayList<>();
        if (Files.isRegularFile(folder.resolve("expected-output.txt"))) {
            wanted.add(root.relativize(folder.resolve("expected-output.txt")).toString());
        }
        Path java = folder.resolve("src/main/java");
        if (Files.isDirectory(java)) {
            try (Stream<Path> all = Files.walk(java)) {
                all.filter(p -> p.toString().endsWith(".java"))
                        .map(p -> root.relativize(p).toString())
                        .sorted()
                        .forEach(wanted::add);
            }
        }
        Path c = folder.resolve("src/main/c");
        if (Files.isDirectory(c)) {
            try (Stream<Path> all = Files.walk(c)) {
                all.filter(p -> p.toString().endsWith(".c") || p.getFileName().toString().equals("expected-output.txt"))
                        .map(p -> root.relativize(p).toString())
                        .sorted()
                        .forEach(wanted::add);
            }
        }
        return wanted;
    }

    /** The longest line of an included file that the page shows (exercise markers are hidden). */
    private static String probeLine(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !MARKER.matcher(line).find())
                .map(DocsIT::squeeze)
                .max(Comparator.comparingInt(String::length))
                .orElse("");
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).collect(Collectors.toList());
    }

    private static String otherLanguage(String page) {
        return (page.startsWith("en/") ? "th" : "en") + page.substring(2);
    }

    private static String squeeze(String text) {
        return String.join(" ", text.trim().split("\\s+"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 50 ? s : s.substring(0, 50) + "...";
    }
}
