package dev.agentplane.e2e.console;

import dev.agentplane.e2e.support.Platform;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by Selenium
 * through the system's chromedriver: nothing is downloaded. Without them the browser tests are skipped, saying
 * why (bin/test installs them). Screenshots go to {@code e2e-tests/target/screenshots} (ignored by git).
 */
final class Browser implements AutoCloseable {
    static final int NARROW = 375;
    static final int WIDE = 1440;
    private static final Path SHOTS = Path.of(System.getProperty("agentplane.screenshots", "target/screenshots"));

    final WebDriver driver;
    final WebDriverWait wait;

    private Browser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(40));
        // a form posts and the page is replaced while a condition reads an element of the old one: look again
        this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    static Browser start() {
        File chromium = new File(System.getProperty("agentplane.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("agentplane.chromedriver", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(chromium.canExecute() && chromedriver.canExecute(),
                "the console's browser tests need Debian's chromium and chromium-driver (" + chromium + ", " + chromedriver
                        + "); bin/test installs them as root (apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDE + ",900", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    void open(String path) {
        driver.get(Platform.url() + path);
    }

    WebElement find(String css) {
        return wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Sets a field's value at once (typing a whole YAML document key by key is slow and adds nothing). */
    void fill(String css, String value) {
        js("arguments[0].value = arguments[1]", wait.until(d -> d.findElement(By.cssSelector(css))), value);
    }

    String path() {
        return driver.getCurrentUrl().substring(Platform.url().length());
    }

    /**
     * The page at both widths, whole (the window as tall as the page), and proof that the page loaded nothing from
     * anywhere but the platform.
     */
    void screenshot(String name) {
        onlyFromThePlatform();
        try {
            Files.createDirectories(SHOTS);
            for (int width : new int[]{NARROW, WIDE}) {
                driver.manage().window().setSize(new Dimension(width, 900));
                long height = (Long) js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
                driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
                byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
                Files.write(SHOTS.resolve(name + "-" + width + ".png"), png);
                long overflow = (Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (overflow > 1) {
                    Object wide = js("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                            + ".filter(e => e.getBoundingClientRect().right > w + 1 && !e.parentElement.closest('.table-wrap, .graph, pre'))"
                            + ".slice(0, 5)"
                            + ".map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')");
                    fail(name + " scrolls sideways at " + width + " px (" + overflow + " px too wide): " + wide);
                }
            }
            driver.manage().window().setSize(new Dimension(WIDE, 900));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    void onlyFromThePlatform() {
        List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        for (String url : loaded) {
            assertTrue(url.startsWith(Platform.url() + "/"), path() + " loaded " + url + " from outside the platform");
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
