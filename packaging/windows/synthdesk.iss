; Inno Setup script for SynthDesk: a per-user install that needs no
; administrator rights.
;
; Build the one-folder bundle first (pyinstaller packaging\synthdesk.spec
; --distpath packaging\dist), then compile this script from the repository
; folder, passing the version:
;   iscc /DAppVersion=0.1.0 packaging\windows\synthdesk.iss
; The installer is written to packaging\dist\SynthDesk-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "SynthDesk"
#define Bundle "..\dist\synthdesk"

[Setup]
; A fixed AppId lets later versions update this installation in place.
AppId={{6C0E8A7B-5E3B-4F2B-9C55-2D8E4A1F7B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=SynthDesk
AppComments=Synthetic copies of spreadsheets with sensitive records, made offline.
; "lowest" installs into the user's own folders (%LOCALAPPDATA%\Programs),
; so a locked-down office computer needs no administrator.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\synthdesk.ico
UninstallDisplayIcon={app}\SynthDesk.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\SynthDesk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\SynthDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\SynthDesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files that Python writes next to the program; settings and logs live in
; the user's folders and stay.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
