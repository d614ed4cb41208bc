namespace Sitrep.Extraction.Tests;

/// <summary>Invented pages and stories for the tests (no real article text).</summary>
internal static class TestPages
{
    public const string Para1 = "Government forces recaptured the northern town of Kalvaro on Tuesday after three days of fighting with rebel units, the defence ministry said in a statement.";
    public const string Para2 = "At least 14 civilians were killed and dozens wounded when shells struck the central market, according to the regional health office, which said hospitals were overwhelmed.";
    public const string Para3 = "Residents who fled to the neighbouring province described streets strewn with rubble, and aid groups warned that food and fuel supplies would run out within a week.";
    public const string Para4 = "The rebels, who had held the town since 2019, said they withdrew to spare civilian lives and vowed to continue their campaign in the surrounding hills.";
    public const string Subhead = "Aid convoys blocked";
    public const string Para5 = "A convoy of twelve trucks carrying medicine was turned back at a checkpoint on Wednesday, a spokeswoman for the relief agency told reporters in the capital.";

    public static string ArticleHtml(string head = "", string extraBody = "", string endOfBody = "") => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Army retakes Kalvaro after three-day battle | The Daily Meridian</title>
          {{head}}
        </head>
        <body>
          <a class="skip-link" href="#main">Skip to main content</a>
          <header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
          <div class="breaking-news-banner"><a href="/live">Breaking News: Storm warning issued for coastal districts</a></div>
          <div id="cookie-consent"><p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p><button>Accept</button></div>
          <main id="main">
            <article class="story">
              <h1>Army retakes Kalvaro after three-day battle</h1>
              <div class="byline">By <a href="/staff/ana">ANA PEREIRA</a> and Tomas Lind, Staff Writer | Updated 3 hours ago</div>
              <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Email</a></div>
              <figure><img src="a.jpg"><figcaption>Smoke rises over the market district of Kalvaro. Photo: Agency staff</figcaption></figure>
              <div class="article-body">
                <p>{{Para1}}</p>
                <p>{{Para2}}</p>
                <div class="ad-slot">Advertisement</div>
                <p>{{Para3}}</p>
                <p>{{Para4}}</p>
                <h2>{{Subhead}}</h2>
                <p>{{Para5}}</p>
                <ul><li>Schools in the province remain closed until further notice, officials said.</li><li>Mobile networks were restored in most districts late on Wednesday.</li></ul>
                {{endOfBody}}
              </div>
              <div class="related-articles"><h3>Related</h3><ul><li><a href="/a">Ceasefire talks stall in the capital</a></li><li><a href="/b">Who are the rebels fighting in the north?</a></li><li><a href="/c">Map: where the front lines stand</a></li></ul></div>
              <div class="newsletter-signup"><p>Sign up for our morning briefing, delivered to your inbox every weekday.</p></div>
              <section id="comments"><h3>Comments</h3><p>This is a disgrace and the government should resign immediately, honestly.</p></section>
            </article>
          </main>
          {{extraBody}}
          <footer><p>The Daily Meridian is an independent newspaper founded in 1921. All rights reserved.</p></footer>
        </body>
        </html>
        """;
}
