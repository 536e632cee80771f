"""The page that holds the terminal: textual-serve's page without its Google font, in Dutch.

The font is the Roboto Mono that textual-serve ships in its static folder; ``{websocket}`` and ``{font_size}``
are filled in per request (the websocket goes back to the host the browser used).
"""

PAGE = """<!DOCTYPE html>
<html lang="nl">
  <head>
    <meta charset="utf-8">
    <title>Kritische Blik</title>
    <link rel="stylesheet" href="/static/css/xterm.css">
    <script src="/static/js/textual.js"></script>
    <style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
      }}
      html, body {{ margin: 0; height: 100%; background: #0c181f; }}
      .dialog-container {{
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }}
      .intro {{
        padding: 2em 3em; font: 18px "Roboto Mono", monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d;
      }}
      .intro a {{ color: #c9a8ff; display: block; margin-top: 1em; }}
      body.-first-byte .intro-dialog {{ display: none; }}
      .textual-terminal {{ width: 100vw; height: 100vh; opacity: 0; }}
      body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.3s ease-out; }}
      .closed-dialog {{ display: none; }}
      body.-closed .closed-dialog {{ display: flex; }}
    </style>
  </head>
  <body>
    <div class="dialog-container intro-dialog"><div class="intro">Kritische Blik wordt gestart…</div></div>
    <div class="dialog-container closed-dialog">
      <div class="intro">De sessie is beëindigd.<a href="/">Opnieuw starten</a></div>
    </div>
    <div id="terminal" class="textual-terminal"
      data-session-websocket-url="{websocket}" data-font-size="{font_size}"></div>
  </body>
</html>
"""
