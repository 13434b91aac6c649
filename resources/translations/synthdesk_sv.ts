<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>ColumnsPage</name>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="51" />
        <source>&lt;h2&gt;2. Check the columns&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;2. Granska kolumnerna&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="54" />
        <source>SynthDesk looked at the content of every column and proposes what it holds. Change a kind if it is wrong, or untick a column to leave it out. Identifiers get fresh made-up values; names, e-mail addresses, phone numbers and personal identity numbers are left out by default so that no real person can be found in the copy.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="64" />
        <source>Treat the suggested missing-value codes as empty cells</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="70" />
        <source>Column</source>
        <translation>Kolumn</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="71" />
        <source>Kind</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="72" />
        <source>Use</source>
        <translation>Använd</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="73" />
        <source>Codes for a missing value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="74" />
        <source>Why</source>
        <translation>Varför</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="79" />
        <source>Values that mean 'no answer', such as -200, ? or NA, separated by semicolons. They are treated as empty cells when learning and written back in the same way.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="151" />
        <source>suggested: {codes}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="155" />
        <source>{code}: {count} cells</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="170" />
        <source>same value on every row: copied unchanged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="172" />
        <source> — replaced by fresh values</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="260" />
        <source>No column is left to learn from.</source>
        <translation>Ingen kolumn finns kvar att lära av.</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="261" />
        <source>Tick at least one column of numbers, categories or dates.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="266" />
        <source>{count} column(s) will be left out: {names}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/columns_page.py" line="269" />
        <source>They will not appear in the synthetic data.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="57" />
        <source>Rebalance a group</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="62" />
        <source>As in the real data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="63" />
        <source>Equal shares</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="64" />
        <source>Custom shares</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="68" />
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="68" />
        <source>Real share</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="68" />
        <source>Share in output (%)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="74" />
        <source>Column:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="75" />
        <source>Shares:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="81" />
        <source>Forbidden combinations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="85" />
        <source>No synthetic row will hold all values of a combination listed here. Add one from the review with 'Forbid this combination'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="94" />
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="105" />
        <source>Only combinations seen in the real data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="109" />
        <source>For the ticked category columns, every synthetic row holds a combination of values that occurs in the real data.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="121" />
        <source>Rules</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="125" />
        <source>Every real row obeys these rules. Tick the ones the synthetic rows must obey too.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="148" />
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="175" />
        <source>'{0}' is never greater than '{1}'</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="177" />
        <source>'{0}' moves in whole steps of {1}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="180" />
        <source>'{0}' lies between {1} and {2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="245" />
        <source> and </source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/control_panel.py" line="246" />
        <source>{0} = {1}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="196" />
        <source>SynthDesk: unexpected error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="199" />
        <source>Something went wrong inside SynthDesk ({kind} in {place}). The window stays open; if something looks wrong, restart SynthDesk.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="202" />
        <source>unknown place</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="205" />
        <source>The details are in the log (Help &gt; Open log folder). A crash report holds the error type and the places in the code, but no values from your data.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="212" />
        <source>Your synthetic data has not been exported yet: export it before you restart.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="217" />
        <source>Save Report…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="234" />
        <source>Save crash report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="236" />
        <source>Text files (*.txt)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="246" />
        <source>Crash report not saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/crash.py" line="247" />
        <source>The report could not be saved to {path}: {error}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="56" />
        <source>&lt;h2&gt;5. Export&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;5. Exportera&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="59" />
        <source>SynthDesk writes a new folder with the synthetic data, a README that explains how it was made and what to beware of, a report with the pictures, and a file to make the same data again. Fill in what only you know; empty answers are marked as blanks in the README.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="67" />
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="74" />
        <source>Same as the input</source>
        <translation>Samma som indata</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="75" />
        <source>CSV (text)</source>
        <translation>CSV (text)</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="76" />
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel-arbetsbok (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="78" />
        <source>Save in:</source>
        <translation>Spara i:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="79" />
        <source>New folder name:</source>
        <translation>Namn på ny mapp:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="80" />
        <source>Data format:</source>
        <translation>Dataformat:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="100" />
        <source>About the data (goes into the README)</source>
        <translation>Om data (skrivs i README)</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="103" />
        <source>Export</source>
        <translation>Exportera</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="105" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="108" />
        <source>Open the folder</source>
        <translation>Öppna mappen</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="160" />
        <source>Save the export in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="172" />
        <source>The folder needs a name.</source>
        <translation>Mappen behöver ett namn.</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="173" />
        <source>Type a name for the new folder.</source>
        <translation>Skriv ett namn på den nya mappen.</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="180" />
        <source>Replace the folder?</source>
        <translation>Ersätta mappen?</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="182" />
        <source>{path} already exists. Replace it and everything in it?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="197" />
        <source>Writing the export…</source>
        <translation>Skriver exporten…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="213" />
        <source>Saved in {folder}</source>
        <translation>Sparat i {folder}</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="215" />
        <source>Share the whole folder: the README tells others what the data are and are not.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/export_page.py" line="232" />
        <source>Export cancelled. Nothing was written.</source>
        <translation>Exporten avbröts. Inget skrevs.</translation>
    </message>
</context>
<context>
    <name>GeneratorPage</name>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="63" />
        <source>&lt;h2&gt;3. Choose a generator&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;3. Välj en generator&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="66" />
        <source>A generator learns the patterns of the real data and makes new rows that follow them. Pick one below; you can try several and compare them in the review.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="91" />
        <source>The same seed with the same data and settings gives exactly the same rows again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="95" />
        <source>Stop after a time budget instead (minutes):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="99" />
        <source>SynthDesk measures how long one training pass takes and fits as many passes as the budget allows.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="107" />
        <source>Estimate the time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="110" />
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="215" />
        <source>Press the button for an estimate measured on this computer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="114" />
        <source>Rows to make:</source>
        <translation>Antal rader:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="115" />
        <source>Random seed:</source>
        <translation>Slumpfrö:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="116" />
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="131" />
        <source>Generator and settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="133" />
        <source>Balance and rules</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="139" />
        <source>Generate</source>
        <translation>Generera</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="142" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="186" />
        <source>Good at:</source>
        <translation>Bra på:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="188" />
        <source>Gets wrong:</source>
        <translation>Gör fel:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="190" />
        <source>Time:</source>
        <translation>Tid:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="270" />
        <source>Measuring on a sample of the data…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="274" />
        <source>Measuring: {step}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="278" />
        <source>About {duration} on this computer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="282" />
        <source>{epochs} training passes fit the budget.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="292" />
        <source>The estimate was stopped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="297" />
        <source>No estimate: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="316" />
        <source>Starting the generator…</source>
        <translation>Startar generatorn…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="341" />
        <source>{step} ({elapsed} elapsed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="352" />
        <source>Made {rows:,} synthetic rows in {elapsed}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/generator_page.py" line="368" />
        <source>Cancelled. Nothing was made.</source>
        <translation>Avbrutet. Inget skapades.</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="52" />
        <source>&lt;h2&gt;1. Import a spreadsheet&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;1. Importera ett kalkylblad&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="55" />
        <source>Open the file with the real records. SynthDesk reads it without changing it. CSV files in any common encoding and delimiter, and Excel or OpenDocument workbooks, can be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="61" />
        <source>Open a spreadsheet…</source>
        <translation>Öppna ett kalkylblad…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="63" />
        <source>Try the example</source>
        <translation>Prova exemplet</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="65" />
        <source>5,000 rows of the UCI Adult census data (1994), licence CC BY 4.0</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="73" />
        <source>Sheet:</source>
        <translation>Blad:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="76" />
        <source>Column names are on row:</source>
        <translation>Kolumnnamnen står på rad:</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="124" />
        <source>Open a spreadsheet</source>
        <translation>Öppna ett kalkylblad</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="140" />
        <source>Reading {name}…</source>
        <translation>Läser {name}…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="179" />
        <source> (hidden)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="190" />
        <source>Hidden sheets: {names}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="196" />
        <source>Read with notes</source>
        <translation>Inläst med anmärkningar</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="203" />
        <source>&lt;b&gt;{name}&lt;/b&gt;: {rows:,} rows, {columns} columns.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="208" />
        <source>comma</source>
        <translation>komma</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="209" />
        <source>semicolon</source>
        <translation>semikolon</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="210" />
        <source>tab</source>
        <translation>tabb</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="211" />
        <source>vertical bar</source>
        <translation>lodstreck</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="214" />
        <source>Read as text in {encoding}, separated by {delimiter}, decimal mark '{decimal}'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="221" />
        <source>Sheet '{sheet}'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/import_page.py" line="224" />
        <source>Example: 5,000 rows of the UCI Adult census data (1994 US Current Population Survey), licence CC BY 4.0, DOI 10.24432/C5XW20.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="39" />
        <source>SynthDesk: synthetic copies of spreadsheets</source>
        <translation>SynthDesk: syntetiska kopior av kalkylblad</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="65" />
        <source>1. Import</source>
        <translation>1. Importera</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="66" />
        <source>2. Columns</source>
        <translation>2. Kolumner</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="67" />
        <source>3. Generator</source>
        <translation>3. Generator</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="68" />
        <source>4. Review</source>
        <translation>4. Granskning</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="69" />
        <source>5. Export</source>
        <translation>5. Exportera</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="77" />
        <source>&lt; Back</source>
        <translation>&lt; Tillbaka</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="81" />
        <source>Next &gt;</source>
        <translation>Nästa &gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="99" />
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="100" />
        <source>&amp;Open a spreadsheet…</source>
        <translation>&amp;Öppna ett kalkylblad…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="102" />
        <source>Open the &amp;example</source>
        <translation>Öppna &amp;exemplet</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="104" />
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="109" />
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="110" />
        <source>Open &amp;log folder</source>
        <translation>Öppna &amp;loggmappen</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="112" />
        <source>&amp;About SynthDesk</source>
        <translation>&amp;Om SynthDesk</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="181" />
        <source>not installed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="185" />
        <source>About SynthDesk</source>
        <translation>Om SynthDesk</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="187" />
        <source>&lt;h3&gt;SynthDesk {version}&lt;/h3&gt;&lt;p&gt;Synthetic copies of spreadsheets with sensitive records, made offline.&lt;/p&gt;&lt;p&gt;SynthDesk is MIT-licensed. It uses SDV {sdv} and its parts RDT, CTGAN, Copulas and DeepEcho (Business Source License 1.1: free for use inside an organisation, not for selling synthetic-data generation as a service), PySide6 {pyside} (LGPL 3), pandas {pandas} (BSD), PyTorch {torch} (BSD), scikit-learn {sklearn} (BSD) and matplotlib {mpl} (matplotlib licence, BSD-style).&lt;/p&gt;&lt;p&gt;Python {python}&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="213" />
        <source>Quit without saving?</source>
        <translation>Avsluta utan att spara?</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/main_window.py" line="215" />
        <source>The synthetic data has not been exported and will be lost. Quit anyway?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ProcessTask</name>
    <message>
        <location filename="../../synthdesk/gui/tasks.py" line="88" />
        <source>The generator stopped unexpectedly.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/tasks.py" line="90" />
        <source>It may have run out of memory. Try fewer rows or the fast statistical model; details are in the log.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="102" />
        <source>&lt;h2&gt;4. Review the synthetic data&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;4. Granska de syntetiska data&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="109" />
        <source>What to beware of (click one to see it)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="116" />
        <source>Forbid this combination in the next run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="130" />
        <source>Columns</source>
        <translation>Kolumner</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="131" />
        <source>Pairs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="132" />
        <source>Groups</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="133" />
        <source>Associations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="151" />
        <location filename="../../synthdesk/gui/pages/review_page.py" line="188" />
        <source>Log scale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="153" />
        <source>Makes rare values visible beside common ones.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="173" />
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="175" />
        <source>with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="191" />
        <source>Groups formed by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="194" />
        <source>and</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="200" />
        <source>Every combination of the chosen columns, with the number of real rows (scaled to the size of the synthetic data) and synthetic rows. Invented groups hardly exist in the real data; vanished groups are missing from the synthetic data.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="225" />
        <source>How strongly each pair of columns goes together, from 0 (not at all) to 1 (completely), in the real and the synthetic data, and the difference.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="268" />
        <source>Preparing the pictures…</source>
        <translation>Förbereder bilderna…</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="284" />
        <source>No quality score could be computed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="293" />
        <source>Quality</source>
        <translation>Kvalitet</translation>
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="298" />
        <source>(two halves of the real data score {score:.0f} %)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="313" />
        <source>Deliberate changes you asked for: {count}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="325" />
        <source>The review found nothing to warn about.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="340" />
        <source>{title}: {count} ({high} serious)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="357" />
        <source>… and {count} more, listed in the exported report.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="475" />
        <source>Choose other columns.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="490" />
        <source>Real</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="491" />
        <source>Synthetic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="492" />
        <source>Expected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="493" />
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="496" />
        <source>invented</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../synthdesk/gui/pages/review_page.py" line="497" />
        <source>vanished</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>